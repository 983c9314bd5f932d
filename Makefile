# lrsched — make targets
#
#   make build      debug build of the lrsched binary
#   make release    release build (.build/release/lrsched)
#   make test       the whole test suite (what CI runs)
#   make demo       a plot and a short bench on built-in data, into ./demo-out/
#   make bench      benchmarks (release build), reported as ratios against the usual tools
#   make goldens    re-record the golden images on purpose
#   make install    install the release binary into $(PREFIX)/bin
#   make clean      remove build products
#
SWIFT   ?= swift
PREFIX  ?= /usr/local
RELEASE  = .build/release/lrsched

.PHONY: build release test demo bench goldens install clean

build:
	$(SWIFT) build --product lrsched

release:
	$(SWIFT) build -c release --product lrsched

test:
	$(SWIFT) test

demo: release
	@mkdir -p demo-out
	$(RELEASE) plot onecycle --epochs 15 -o demo-out/onecycle.png
	$(RELEASE) values onecycle --epochs 15 --format csv -o demo-out/onecycle.csv
	@echo "wrote demo-out/onecycle.csv ($$(wc -l < demo-out/onecycle.csv) lines)"
	$(RELEASE) bench --epochs 2

bench: release
	bash Scripts/bench.sh

goldens:
	LRSCHED_RECORD=1 $(SWIFT) test --filter GoldenTests || true
	$(SWIFT) test --filter GoldenTests
	cp Tests/LRSchedCLITests/Golden/onecycle.png docs/images/onecycle.png

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(RELEASE) $(DESTDIR)$(PREFIX)/bin/lrsched

clean:
	rm -rf .build demo-out
