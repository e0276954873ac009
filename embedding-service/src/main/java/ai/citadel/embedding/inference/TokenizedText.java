package ai.citadel.embedding.inference;

/**
 * One text as BERT word-piece ids, {@code [CLS] … [SEP]} included.
 *
 * @param index position of the text in the call, so results can be put back in order after length sorting
 * @param ids   token ids
 */
record TokenizedText(int index, long[] ids) {

    int length() {
        return ids.length;
    }
}
