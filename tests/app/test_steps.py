def test_step_through_greedy_decoding(window, qtbot):
    panel, steps = window.translate_panel, window.steps_panel
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the red house")
    assert steps.slider.maximum() == 3  # la maison rouge </s>
    steps.slider.setValue(2)
    assert steps.candidates.candidates and steps.candidates.candidates[0].piece == "▁rouge"
    assert steps.step_attention.canvas.weights.shape == (3, 3)
    assert "rouge" in steps.output_so_far.text()


def test_play_advances_and_stops_at_the_end(window, qtbot):
    panel, steps = window.translate_panel, window.steps_panel
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("good morning")
    steps.timer.setInterval(10)
    steps.toggle_play()
    qtbot.waitUntil(lambda: not steps.timer.isActive(), timeout=5_000)
    assert steps.slider.value() == steps.slider.maximum()


def test_beam_search_tree(window, qtbot):
    panel, steps = window.translate_panel, window.steps_panel
    panel.controls.method.setCurrentIndex(1)
    panel.controls.beam_size.setValue(3)
    panel.controls.nbest.setValue(2)
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000) as shown:
        panel.set_text_and_translate("a small dog")
    tree = shown.args[0].tree
    statuses = {n.status for n in tree}
    assert {"root", "kept", "finished"} <= statuses and sum(n.in_nbest for n in tree) == 2
    assert len(steps.tree._nodes_by_item) == len(tree)
    steps.tree.node_clicked.emit(2)
    assert steps.slider.value() == 2


def test_what_if_continues_from_a_forced_piece(window, qtbot):
    panel, steps = window.translate_panel, window.steps_panel
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000):
        panel.set_text_and_translate("the red car")
    steps.slider.setValue(1)
    second = steps.candidates.candidates[1]  # not the model's choice
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == "whatif") as got:  # fmt: skip
        steps.try_candidate(1)
    alt = got.args[0].translation
    assert alt.forced_prefix[-1] == second.token_id and alt.best.token_ids[1] == second.token_id
    assert "What if" in steps.whatif_label.text() and steps.whatif_attention.canvas.weights is not None
    assert steps.translation.text == "la voiture rouge"  # the original stays beside it
