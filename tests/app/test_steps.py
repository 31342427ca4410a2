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


def test_the_beam_tree_follows_the_slider_draws_the_chosen_path_and_offers_what_if(window, qtbot):
    from app.views.beam_tree_view import CHOSEN, chosen_path

    panel, steps = window.translate_panel, window.steps_panel
    panel.controls.method.setCurrentIndex(1)
    panel.controls.beam_size.setValue(3)
    window.tabs.setCurrentWidget(steps)
    with qtbot.waitSignal(panel.translation_shown, timeout=10_000) as shown:
        panel.set_text_and_translate("a small dog")
    translation = shown.args[0]
    by_id = {n.id: n for n in translation.tree}
    path = chosen_path(translation.tree, [s.chosen_id for s in translation.steps])
    # The path runs from the root through one node per step to the best translation's end.
    assert by_id[path[0]].status == "root" and len(path) == len(translation.steps) + 1
    assert [by_id[i].token_id for i in path[1:]] == translation.best.token_ids + [translation.steps[-1].chosen_id]
    drawn = {node.id: item for item, node in steps.tree._nodes_by_item.items()}
    assert all(drawn[i].pen().color().name() == CHOSEN for i in path)
    assert not any(drawn[n.id].pen().color().name() == CHOSEN for n in translation.tree if n.id not in path)
    # The slider's step is shaded in the tree.
    steps.slider.setValue(2)
    shade = steps.tree._step_shade
    assert shade is not None and shade.rect().contains(drawn[path[3]].rect().center())
    # What if from a pruned node: its path is forced, the model goes on from there.
    pruned = next(n for n in translation.tree if n.status == "pruned" and n.step >= 1)
    with qtbot.waitSignal(window.translation.translated, timeout=10_000,
                          check_params_cb=lambda reply: reply.purpose == "whatif") as got:  # fmt: skip
        steps.tree.request_whatif(pruned)
    alt = got.args[0].translation
    forced = [pruned.token_id]
    node = by_id[pruned.parent]
    while node.status != "root":
        forced.insert(0, node.token_id)
        node = by_id[node.parent]
    assert alt.forced_prefix == forced and alt.best.token_ids[: len(forced)] == forced
    assert "What if" in steps.whatif_label.text() and steps.whatif_attention.canvas.weights is not None


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
