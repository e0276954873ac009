package ai.citadel.commons.db;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Columns of a multi-row statement as bound arrays ({@code INSERT … SELECT * FROM unnest($1::uuid[], $2::text[] …)}):
 * one round trip, one parameter per column, whatever the number of rows.
 */
public final class PgColumns {

    private PgColumns() {
    }

    /** One value per row, in row order. */
    public static <R, T> T[] column(List<R> rows, IntFunction<T[]> array, Function<R, T> value) {
        T[] values = array.apply(rows.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        return values;
    }

    /** A {@code text} column a caller can influence: PostgreSQL refuses NUL characters ({@link PgText}). */
    public static <R> String[] text(List<R> rows, Function<R, String> value) {
        return column(rows, String[]::new, row -> PgText.text(value.apply(row)));
    }
}
