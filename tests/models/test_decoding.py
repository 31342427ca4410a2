import pytest
import torch

from models.decoding import beam_search, greedy_batch, stepwise_decode
from models.tokenizer import EOS_ID
from tests.models.test_nn import make


@pytest.mark.parametrize("style", ["luong", "input_feeding"])
@pytest.mark.parametrize("attention", ["additive", "none"])
def test_beam_one_is_greedy(style, attention):
    model = make(attention=attention, style=style)
    torch.manual_seed(1)
    src = torch.randint(4, 40, (6, 8))
    lengths = torch.tensor([8, 7, 5, 3, 2, 8])
    greedy = greedy_batch(model, src, lengths, max_len=15)
    beams = beam_search(model, src, lengths, max_len=15, beam_size=1)
    assert greedy == [r.best.token_ids for r in beams]
    for i in range(6):
        single = stepwise_decode(model, src[i : i + 1, : lengths[i]], lengths[i : i + 1], 15)
        assert single.best.token_ids == greedy[i]


def test_decoding_always_terminates_at_max_len():
    model = make()
    src, lengths = torch.randint(4, 40, (1, 5)), torch.tensor([5])
    result = stepwise_decode(model, src, lengths, max_len=3)
    assert len(result.best.token_ids) <= 3
    for r in beam_search(model, src, lengths, max_len=3, beam_size=4, nbest=4):
        assert all(len(h.token_ids) <= 3 for h in r.hypotheses)


def test_nbest_sorted_and_tree_statuses():
    model = make()
    src, lengths = torch.randint(4, 40, (1, 6)), torch.tensor([6])
    result = beam_search(model, src, lengths, max_len=8, beam_size=3, nbest=3, trace=True)[0]
    scores = [h.score for h in result.hypotheses]
    assert scores == sorted(scores, reverse=True) and 1 <= len(scores) <= 3
    statuses = {n.status for n in result.beam_nodes}
    assert statuses <= {"root", "kept", "pruned", "finished"} and "kept" in statuses
    ids = {n.id for n in result.beam_nodes}
    assert all(n.parent in ids or n.parent == -1 for n in result.beam_nodes)
    assert sum(n.in_nbest for n in result.beam_nodes) == len(result.hypotheses)
    for hyp in result.hypotheses:  # walking back from the final node spells the hypothesis
        node, tokens = result.beam_nodes[hyp.node_id], []
        while node.parent >= 0:
            tokens.append(node.token_id)
            node = result.beam_nodes[node.parent]
        expected = hyp.token_ids + ([EOS_ID] if hyp.finished else [])
        assert tokens[::-1] == expected


def test_prefix_is_forced_then_model_continues():
    model = make()
    src, lengths = torch.randint(4, 40, (1, 6)), torch.tensor([6])
    forced = stepwise_decode(model, src, lengths, 10, prefix=[7, 8], trace_top_k=3)
    assert forced.best.token_ids[:2] == [7, 8]
    assert [s.forced for s in forced.steps[:3]] == [True, True, False]
    beam = beam_search(model, src, lengths, 10, 3, prefix=[7, 8])[0]
    assert beam.best.token_ids[:2] == [7, 8]


def test_trace_steps_carry_candidates_and_attention():
    model = make()
    src, lengths = torch.randint(4, 40, (1, 6)), torch.tensor([6])
    result = stepwise_decode(model, src, lengths, 10, trace_top_k=4)
    step = result.steps[0]
    assert len(step.candidate_ids) == 4 and step.candidate_probs[0] >= step.candidate_probs[-1]
    assert step.chosen_id == step.candidate_ids[0] and step.attention.shape == (6,)
    assert result.best.attention.shape == (len(result.steps), 6)


def test_sampling_is_seeded():
    model = make()
    src, lengths = torch.randint(4, 40, (1, 6)), torch.tensor([6])
    run = lambda seed: stepwise_decode(model, src, lengths, 10, temperature=1.5, top_k=5,
                                       generator=torch.Generator().manual_seed(seed)).best.token_ids  # fmt: skip
    assert run(3) == run(3)


def test_greedy_log_probability_is_the_log_softmax_of_its_choices():
    model = make()
    torch.manual_seed(2)
    src, lengths = torch.randint(4, 40, (1, 7)), torch.tensor([7])
    plain = stepwise_decode(model, src, lengths, max_len=12)
    traced = stepwise_decode(model, src, lengths, max_len=12, trace_top_k=3)  # the full log-softmax path
    assert plain.best.token_ids == traced.best.token_ids
    assert plain.best.log_prob == pytest.approx(traced.best.log_prob, abs=1e-5)
    forced = stepwise_decode(model, src, lengths, max_len=12, prefix=[7, 9])
    forced_traced = stepwise_decode(model, src, lengths, max_len=12, prefix=[7, 9], trace_top_k=3)
    assert forced.best.token_ids[:2] == [7, 9] and forced.best.token_ids == forced_traced.best.token_ids
    assert forced.best.log_prob == pytest.approx(forced_traced.best.log_prob, abs=1e-5)
