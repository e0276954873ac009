#!/usr/bin/env python3
"""Builds Citadel's int8 all-MiniLM-L6-v2 graph from LangChain4j's float32 one (see README.md beside this file).

Usage: quantize.py expose <float32 model.onnx> <output.onnx> <tensor names output>   (for Calibrate.java)
       quantize.py build <float32 model.onnx> <activation maxima> <output.onnx>

- Every MatMul with a constant weight becomes DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul (ONNX Runtime
  fuses it into DynamicQuantizeMatMul): activations uint8 with one scale per tensor, computed per call; weights int8,
  symmetric, one scale per output column.
- SmoothQuant (Xiao et al., 2023): a few input channels of BERT's LayerNorm outputs and GELU outputs are 10x larger
  than the rest, and one scale per tensor would spend the 8 bits on them. Each input channel j is divided by
  s_j = max|X_j|^alpha / max|W_j|^(1 - alpha) before quantization and the weight's row j multiplied by it (exact in
  float), moving the outliers into the per-column weight scales. max|X_j| comes from calibration (Calibrate.java).
- The word-embedding table is stored int8 with one scale per row (a 384-float row per token; the float table is 47 MB).
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ALPHA = 0.7  # chosen on the quality set: 0.6 / 0.65 / 0.7 / 0.75 gave p1 0.9898 / 0.9928 / 0.9927 / 0.9916
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"


def read_maxima(path):
    maxima = {}
    with open(path) as lines:
        for line in lines:
            name, *values = line.split()
            maxima[name] = np.array(values, dtype=np.float64)
    return maxima


def quantize(model, maxima):
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    array = lambda name: numpy_helper.to_array(initializers[name]).astype(np.float64)
    weighted = [n for n in graph.node if n.op_type == "MatMul" and n.input[1] in initializers]
    nodes, added, smoothed = [], [], {}
    for node in graph.node:
        if node.op_type == "Gather" and node.input[0] == WORD_EMBEDDINGS:
            nodes += embedding_lookup(node, array(WORD_EMBEDDINGS), added)
            continue
        if node not in weighted:
            nodes.append(node)
            continue
        x, weight, y = node.input[0], node.input[1], node.output[0]
        if x not in smoothed:
            # MatMuls that share an input (Q, K, V) share its smoothing and its quantization
            rows = np.max([np.abs(array(m.input[1])).max(axis=1) for m in weighted if m.input[0] == x], axis=0)
            s = np.maximum(maxima[x], 1e-5) ** ALPHA / np.maximum(rows, 1e-5) ** (1 - ALPHA)
            added.append(numpy_helper.from_array((1 / s).astype(np.float32), x + "_smoothing"))
            nodes.append(helper.make_node("Mul", [x, x + "_smoothing"], [x + "_smoothed"], name=x + "_smoothed"))
            q = x + "_quantized"
            nodes.append(helper.make_node("DynamicQuantizeLinear", [x + "_smoothed"], [q, q + "_scale", q + "_zero_point"], name=q))
            smoothed[x] = (q, s)
        q, s = smoothed[x]
        w = array(weight) * s[:, None]
        scale = np.maximum(np.abs(w).max(axis=0) / 127, 1e-12)
        added += [numpy_helper.from_array(np.clip(np.round(w / scale), -127, 127).astype(np.int8), weight + "_quantized"),
                  numpy_helper.from_array(scale.astype(np.float32), weight + "_scale"),
                  numpy_helper.from_array(np.zeros(w.shape[1], np.int8), weight + "_zero_point")]
        nodes += [helper.make_node("MatMulInteger", [q, weight + "_quantized", q + "_zero_point", weight + "_zero_point"], [y + "_int32"], name=y + "_int32"),
                  helper.make_node("Cast", [y + "_int32"], [y + "_float"], to=TensorProto.FLOAT, name=y + "_float"),
                  helper.make_node("Mul", [q + "_scale", weight + "_scale"], [y + "_scale"], name=y + "_scale"),
                  helper.make_node("Mul", [y + "_float", y + "_scale"], [y], name=y)]
    used = {i for n in nodes for i in n.input}
    kept = [i for i in graph.initializer if i.name in used]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + added)
    onnx.checker.check_model(model)
    return model


def expose(model):
    """The float32 graph with the input of each weighted MatMul as an extra output, and those inputs' names."""
    graph = model.graph
    initializers = {i.name for i in graph.initializer}
    names = list(dict.fromkeys(n.input[0] for n in graph.node if n.op_type == "MatMul" and n.input[1] in initializers))
    graph.output.extend(helper.make_tensor_value_info(name, TensorProto.FLOAT, None) for name in names)
    return model, names


def embedding_lookup(node, table, added):
    """Gather of int8 rows and of their scales, then Cast and Mul: each token's row is dequantized on its own."""
    ids, y = node.input[1], node.output[0]
    scale = np.maximum(np.abs(table).max(axis=1, keepdims=True) / 127, 1e-12)
    added += [numpy_helper.from_array(np.round(table / scale).astype(np.int8), WORD_EMBEDDINGS + "_quantized"),
              numpy_helper.from_array(scale.astype(np.float32), WORD_EMBEDDINGS + "_scale")]
    return [helper.make_node("Gather", [WORD_EMBEDDINGS + "_quantized", ids], [y + "_int8"], name=y + "_int8"),
            helper.make_node("Gather", [WORD_EMBEDDINGS + "_scale", ids], [y + "_scale"], name=y + "_scale"),
            helper.make_node("Cast", [y + "_int8"], [y + "_float"], to=TensorProto.FLOAT, name=y + "_float"),
            helper.make_node("Mul", [y + "_float", y + "_scale"], [y], name=y)]


if __name__ == "__main__":
    command, source, second, third = sys.argv[1:5]
    if command == "expose":
        exposed, tensor_names = expose(onnx.load(source))
        onnx.save(exposed, second)
        with open(third, "w") as out:
            out.write("\n".join(tensor_names) + "\n")
    else:
        onnx.save(quantize(onnx.load(source), read_maxima(second)), third)
