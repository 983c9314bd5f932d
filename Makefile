# lrsched — make targets
#
#   make build      debug build of the lrsched binary
#   make release    release build (.build/release/lrsched)
#   make test       the whole test suite (what CI runs)
#   make test-asan  the suite under AddressSanitizer; make test-tsan under ThreadSanitizer
#   make fuzz       every libFuzzer target for FUZZ_SECONDS each (Scripts/fuzz-all.sh)
#   make demo       a plot and a short bench on built-in data, into ./demo-out/
#   make bench      benchmarks (release build), reported as ratios against the usual tools,
#                   then the find-lr check below (LRSCHED_BENCH_FINDLR=0 leaves it out)
#   make bench-findlr  does find-lr's recommendation train well? (several datasets, minutes)
#   make goldens    re-record every golden image on purpose (Scripts/record-goldens.sh)
#   make install    install the release binary into $(PREFIX)/bin
#   make clean      remove build products
#
SWIFT   ?= swift
PREFIX  ?= /usr/local
RELEASE  = .build/release/lrsched

FUZZ_SECONDS ?= 600

.PHONY: build release test test-asan test-tsan fuzz completions demo bench bench-findlr goldens install clean

build:
	$(SWIFT) build --product lrsched

release:
	$(SWIFT) build -c release --static-swift-stdlib --product lrsched

test:
	$(SWIFT) test

test-asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/Scripts/lsan.supp $(SWIFT) test --scratch-path .build-asan --sanitize=address -Xswiftc -use-ld=lld

test-tsan:
	$(SWIFT) test --scratch-path .build-tsan --sanitize=thread -Xswiftc -use-ld=lld -Xswiftc -DLRSCHED_NO_PREFETCH

fuzz:
	bash Scripts/fuzz-all.sh $(FUZZ_SECONDS)

completions: release
	@mkdir -p .build/completions
	$(RELEASE) completions bash > .build/completions/lrsched.bash
	$(RELEASE) completions zsh > .build/completions/_lrsched
	$(RELEASE) completions fish > .build/completions/lrsched.fish

demo: release
	@mkdir -p demo-out
	$(RELEASE) plot onecycle --epochs 15 -o demo-out/onecycle.png
	$(RELEASE) values onecycle --epochs 15 --format csv -o demo-out/onecycle.csv
	@echo "wrote demo-out/onecycle.csv ($$(wc -l < demo-out/onecycle.csv) lines)"
	$(RELEASE) bench --epochs 2

bench: release
	bash Scripts/bench.sh

bench-findlr: release
	bash Scripts/bench-findlr.sh

goldens:
	bash Scripts/record-goldens.sh

install: release completions
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(RELEASE) $(DESTDIR)$(PREFIX)/bin/lrsched
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0644 .build/completions/lrsched.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/lrsched
	install -m 0644 .build/completions/_lrsched $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_lrsched
	install -m 0644 .build/completions/lrsched.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/lrsched.fish

clean:
	rm -rf .build demo-out
