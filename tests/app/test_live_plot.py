"""Plots drawn in the render thread: the scene's own logic (no event loop), then a widget."""

import numpy as np

from app.views.live_plot import LivePlot, PlotData, PlotScene


def _scene():
    scene = PlotScene("loss", "step", note="nothing yet")
    scene.add_line("loss")
    scene.add_marker(color="red")
    return scene


def _data(n, marker=None, generation=1):
    return PlotData.of({"loss": (list(range(1, n + 1)), [1.0 / i for i in range(1, n + 1)])}, ["loss"], marker,
                       generation)  # fmt: skip


def test_scene_draws_in_full_only_when_the_axes_must_change():
    scene = _scene()
    pixels = scene.render(_data(0), 300, 200, 1.0)
    assert pixels.shape == (200, 300, 4) and scene.note.get_visible() and scene.full_draws == 1
    scene.render(_data(50), 300, 200, 1.0)  # the note goes, the lines fit: one full draw
    assert not scene.note.get_visible() and scene.full_draws == 2
    before = scene.render(_data(60), 300, 200, 1.0)
    after = scene.render(_data(60, marker=30), 300, 200, 1.0)
    assert scene.full_draws == 2  # a new point inside the axes, then the marker: blits
    assert not np.array_equal(before, after)  # the marker is in the pixels
    scene.render(_data(300, marker=30), 300, 200, 1.0)  # outgrows x: the axes double, once
    assert scene.full_draws == 3 and scene.axes.get_xlim() == (0, 512)
    scene.render(_data(300), 600, 400, 2.0)  # another size: drawn again, at the device's ratio
    assert scene.full_draws == 4 and scene.render(_data(300), 600, 400, 2.0).shape == (800, 1200, 4)
    scene.render(_data(10, generation=2), 600, 400, 2.0)  # started over: the axes fit afresh
    assert scene.axes.get_xlim() == (0, 100)


def test_tight_scene_fits_the_first_data_then_grows_with_headroom():
    scene = PlotScene("bleu", tight=True)
    scene.add_line("loss")
    scene.render(_data(1000), 300, 200, 1.0)
    assert scene.axes.get_xlim() == (0, 1030)
    scene.render(_data(1100), 300, 200, 1.0)
    assert scene.axes.get_xlim() == (0, 2048)


def test_widget_shows_the_newest_data_and_coalesces_requests(qtbot):
    view = LivePlot(_scene())
    qtbot.addWidget(view)
    view.resize(320, 220)
    view.show()
    for n in range(1, 40):  # many requests while one is in flight: only the newest is drawn next
        view.submit(_data(n))
    qtbot.waitUntil(view.is_current, timeout=5_000)
    assert view.scene.full_draws <= 3
    assert view.scene.series["loss"].get_xdata()[-1] == 39
    assert view.image.width() == round(320 * view.devicePixelRatioF())


def test_a_hidden_plot_asks_for_nothing_until_shown(qtbot):
    view = LivePlot(_scene())
    qtbot.addWidget(view)
    view.resize(320, 220)
    view.submit(_data(5))
    assert view.image is None and view.scene.full_draws == 0
    with qtbot.waitSignal(view.rendered, timeout=5_000):
        view.show()
    assert view.image is not None
