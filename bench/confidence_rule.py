#!/usr/bin/env python3
"""The low-confidence rule (models/confidence.py) on the bundled models: how many in-domain
outputs it marks, and how many long out-of-domain ones it catches, each sign apart.

    python bench/confidence_rule.py [--model default-en-fr] [--methods greedy,beam]

In domain: the model's Tatoeba test split. Out of domain: twenty sentences of 36 to 44 words from
other fields (planning, biochemistry, databases, finance, law, astronomy, music, medicine,
logistics, archives, quantum computing, economics, security, trade, engineering, anthropology),
the length that slipped under the mean-log-probability mark. For each, the share marked by the
mean alone, by the length alone and by the rule; and the per-piece minimum log-probability's
5th, 50th and 95th percentiles, to show how far it would separate them. Writes bench/out/confidence-rule-NAME.json.
Needs ../shared/data; exits 2 without it.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from bench.common import write_json  # noqa: E402
from models.bundled import bundled_models, language_pair  # noqa: E402
from models.checkpoint import load_checkpoint  # noqa: E402
from models.confidence import LONG_SOURCE_PIECES, assess  # noqa: E402
from models.config import DecodeConfig  # noqa: E402
from models.corpus.tatoeba import tatoeba_path, tatoeba_split  # noqa: E402
from models.translator import LOW_CONFIDENCE_LOG_PROB, Translator  # noqa: E402

LONG_OTHER_DOMAINS = [
    "The committee concluded that the proposed amendments to the regional zoning ordinance would significantly increase the density of residential developments near the river, while the environmental impact assessment failed to account for the cumulative effects of stormwater runoff on downstream wetlands and fisheries.",
    "Researchers at the institute reported that a modified enzyme, engineered through directed evolution over twelve rounds of mutagenesis and screening, degraded polyethylene terephthalate at industrially relevant temperatures, although the economic viability of scaling the process remains uncertain according to independent analysts.",
    "Because the distributed database replicates every write across three availability zones before acknowledging the client, the tail latency of transactional workloads rose sharply during the network partition, prompting the engineering team to reconsider the consistency guarantees documented in the service level agreement.",
    "The central bank signalled that it would keep interest rates unchanged for the remainder of the fiscal year, citing persistent core inflation, a tightening labour market and geopolitical uncertainty that continued to weigh on commodity prices and the exchange rate of emerging market currencies.",
    "Under the terms of the settlement agreement, the defendant corporation neither admits nor denies liability but agrees to pay restitution to affected shareholders, to appoint an independent compliance monitor for three years, and to cooperate fully with any subsequent regulatory investigation.",
    "Astronomers using the space telescope detected faint absorption lines of water vapour and methane in the atmosphere of a temperate sub-Neptune orbiting a red dwarf star roughly one hundred and twenty light years away, raising questions about the planet's interior composition and habitability.",
    "The orchestra's new artistic director, who previously led several acclaimed productions of late romantic operas in Vienna and Munich, announced an ambitious programme of contemporary commissions alongside neglected symphonies by composers whose work was suppressed during the twentieth century.",
    "Clinical guidelines recommend that patients with moderate chronic kidney disease undergo periodic monitoring of serum potassium and estimated glomerular filtration rate whenever angiotensin converting enzyme inhibitors are initiated, because hyperkalaemia and acute deterioration of renal function may otherwise go unnoticed.",
    "After the merger, the combined logistics company plans to consolidate its overlapping warehouses, renegotiate long-term freight contracts with ocean carriers, and invest heavily in automated sorting facilities, although trade unions have warned that thousands of jobs could be eliminated in the process.",
    "The municipal archive holds correspondence, land registers and photographs documenting the reconstruction of the old town after the flood of the nineteenth century, and historians have only recently begun to digitise the fragile collection with support from a European cultural heritage foundation.",
    "Quantum error correction schemes based on surface codes require thousands of physical qubits to encode a single logical qubit with sufficiently low error rates, which is why most experimental groups currently focus on improving gate fidelities and reducing crosstalk between neighbouring superconducting circuits.",
    "The appellate court held that the lower tribunal had misinterpreted the statutory limitation period, vacated the judgment in its entirety, and remanded the case for further proceedings consistent with its opinion, while declining to address the constitutional questions raised by the intervening parties.",
    "Mitochondrial DNA is inherited through the maternal germline, the eigenvalues of a Hermitian operator are real, and the lessee shall indemnify the lessor against all third-party claims arising from the use of the premises during the term of the lease.",
    "The kernel panicked after a null pointer dereference in the network driver, so the maintainers reverted the offending patch, added a regression test to the continuous integration pipeline and scheduled a point release for the long-term support branch before the end of the month.",
    "Heteroskedasticity invalidates the ordinary least squares standard errors, so the authors re-estimated their panel regressions with cluster-robust variance estimators and instrumental variables, finding that the effect of minimum wage increases on teenage employment was statistically indistinguishable from zero.",
    "Photosynthesis converts photons into chemical potential in chloroplasts, where light-harvesting complexes funnel excitation energy towards reaction centres that split water, release oxygen and generate the proton gradient driving the synthesis of adenosine triphosphate by membrane-bound enzymes.",
    "Although the software vendor insisted that the vulnerability could only be exploited by an authenticated administrator with local access, independent security researchers demonstrated a remote attack chain combining a deserialisation flaw with a misconfigured reverse proxy in the default installation.",
    "The delegation proposed a phased reduction of agricultural subsidies over a decade, coupled with compensation mechanisms for smallholder farmers in developing economies, but negotiations stalled when several exporting countries demanded immediate tariff concessions on processed foods and textiles.",
    "Engineers monitoring the suspension bridge installed fibre optic strain sensors along the main cables and deck girders, allowing them to compare measured deflections under heavy traffic and strong crosswinds with the predictions of a finite element model calibrated during construction.",
    "The anthropologist spent three years documenting the oral traditions, kinship terminology and seasonal migration routes of pastoral communities in the highlands, arguing that conventional development programmes had systematically misunderstood how these groups manage common grazing land during prolonged droughts.",
]


def summary(translator: Translator, sentences: list[str], method: str) -> dict:
    config = DecodeConfig(method=method)
    unsure, long_input, low, worst = [], [], [], []
    for sentence in sentences:
        translation = translator.translate(sentence, config, trace=True)
        found = assess(translation)
        unsure.append(found.unsure)
        long_input.append(found.long_input)
        low.append(found.low)
        probabilities = [step.chosen_probability for step in translation.steps]
        if probabilities:
            worst.append(math.log(max(min(probabilities), 1e-12)))
    share = lambda flags: round(100 * float(np.mean(flags)), 1)  # noqa: E731
    return {
        "sentences": len(sentences),
        "marked_by_mean_percent": share(unsure),
        "marked_by_length_percent": share(long_input),
        "marked_percent": share(low),
        "worst_piece_log_prob_percentiles_5_50_95": [round(float(v), 2) for v in np.percentile(worst, [5, 50, 95])],
    }


def measure(name: str, path: Path, methods: list[str]) -> dict:
    translator = Translator(load_checkpoint(path))
    test = [s for s, _ in tatoeba_split(language_pair(name)).test]
    lengths = [len(translator.source_tokenizer.encode(s)) for s in LONG_OTHER_DOMAINS]
    return {
        "model": name,
        "mean_mark": LOW_CONFIDENCE_LOG_PROB,
        "long_source_pieces": LONG_SOURCE_PIECES,
        "other_domain_source_pieces_min_max": [min(lengths), max(lengths)],
        "tatoeba_longest_test_source_pieces": max(len(translator.source_tokenizer.encode(s)) for s in test),
        **{method: {"tatoeba_test": summary(translator, test, method),
                    "long_other_domains": summary(translator, LONG_OTHER_DOMAINS, method)}
           for method in methods},
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="append", help="a bundled model's name (default: all)")
    parser.add_argument("--methods", default="greedy,beam", help="decoding methods, comma-separated")
    args = parser.parse_args()
    torch.set_num_threads(2)
    models = bundled_models()
    names = args.model or list(models)
    if any(not tatoeba_path(language_pair(n)).exists() for n in names):
        print("cannot run: a Tatoeba corpus is absent from ../shared/data", file=sys.stderr)
        return 2
    for name in names:
        figures = measure(name, models[name], args.methods.split(","))
        write_json(f"confidence-rule-{name}", figures)
        for method in args.methods.split(","):
            test, other = figures[method]["tatoeba_test"], figures[method]["long_other_domains"]
            print(f"{name} {method}: Tatoeba test {test['marked_percent']}% marked "
                  f"(mean {test['marked_by_mean_percent']}%, length {test['marked_by_length_percent']}%); "
                  f"long other domains {other['marked_percent']}% (mean {other['marked_by_mean_percent']}%, "
                  f"length {other['marked_by_length_percent']}%); worst piece "
                  f"{test['worst_piece_log_prob_percentiles_5_50_95']} vs "
                  f"{other['worst_piece_log_prob_percentiles_5_50_95']}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
