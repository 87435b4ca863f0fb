"""Figures in a real notebook kernel: the picture, not ``<Figure size ...>``."""
import base64

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SETUP = ("import landscape, optimizers, animations\n"
         "s = landscape.get('quadratic', kappa=10)\n"
         "t = optimizers.run(s, optimizers.get('gd', lr=0.1), steps=30)")
FIGURES = [
    "animations.plot(s, [t], resolution=30)",
    "animations.plot_loss([t], surface=s)",
    "animations.plot_sweep(optimizers.sweep(s, 'gd', {'lr': [0.05, 0.25]}), s, resolution=20)",
    "animations.plot(s, [t], resolution=30, theme='dark')",
]


def test_every_figure_shows_as_a_picture_in_a_fresh_kernel_without_pyplot(tmp_path):
    """The last line of a cell that returns a figure shows its PNG, in any order of cells
    and although nothing imported matplotlib.pyplot."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP)] + [nbformat.v4.new_code_cell(c) for c in FIGURES] \
        + [nbformat.v4.new_code_cell("import sys; 'matplotlib.pyplot' in sys.modules")]
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    for cell in nb.cells[1:-1]:
        (out,) = [o for o in cell.outputs if o.output_type == "execute_result"]
        assert "image/png" in out.data, (cell.source, out.data.get("text/plain"))
        assert base64.b64decode(out.data["image/png"]).startswith(PNG_MAGIC)
    (last,) = [o for o in nb.cells[-1].outputs if o.output_type == "execute_result"]
    assert last.data["text/plain"] == "False"
