"""Import measured runs: the store's `vllm bench serve --save-result` files for the open build."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from configurator.estimate.local_calibration import share_runs
from configurator.estimate.local_fit import import_for_build, report, still_off
from configurator.estimate.words import calibrated
from configurator.ui.document import BuildDocument
from configurator.ui.store_writes import send_in_background


def import_measured_runs(parent: QWidget, document: BuildDocument, files: list[str] | None = None) -> bool:
    """Ask for saved results, import them for the open build and its workload; True on success."""
    if files is None:
        files, _ = QFileDialog.getOpenFileNames(parent, "Import measured runs", str(Path.home()),
                                                "vLLM saved results (*.json);;All files (*)")
        if not files:
            return False
    try:
        runs, factors = import_for_build(document.state.resolved, files, document.title)
    except ValueError as exc:
        QMessageBox.warning(parent, "Cannot import measured runs", f"{exc}. Nothing was imported.")
        return False
    except OSError as exc:
        QMessageBox.warning(parent, "Cannot import measured runs",
                            f"The calibration file cannot be written ({exc.strerror}). Nothing was imported.")
        return False
    lines = [f"{len(runs)} run(s) imported for {document.title}."]
    lines += [f"{gpu}: efficiency factor {f.factor:.3f}, {calibrated(f.runs)}" for gpu, f in factors.items()]
    ids = {run["id"] for run in runs}
    lines += still_off([r for r in report()[0] if r.run["id"] in ids])
    send_in_background(parent, share_runs(runs))
    QMessageBox.information(parent, "Measured runs imported", "\n".join(lines))
    document.recompute()
    return True
