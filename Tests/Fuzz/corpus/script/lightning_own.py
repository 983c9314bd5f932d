# Written for lrsched (not from a public repository): a Lightning module's
# configure_optimizers, stepped per optimizer step ('interval': 'step').
import torch
import pytorch_lightning as pl


class LitClassifier(pl.LightningModule):
    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=2e-3, weight_decay=0.05)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=2e-3, total_steps=self.trainer.estimated_stepping_batches, pct_start=0.25
        )
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}
