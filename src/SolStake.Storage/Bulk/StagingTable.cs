namespace SolStake.Storage.Bulk;

internal enum ColumnType
{
    Text,
    Int64,
    Int32,
    Boolean,
    Double,

    /// <summary>JSON text: json on PostgreSQL, text on SQLite.</summary>
    Json,

    /// <summary>A timestamp, already converted by <see cref="IStagingLoader.Timestamp"/>.</summary>
    Timestamp,

    /// <summary>Bytes: bytea on PostgreSQL, a blob on SQLite.</summary>
    Binary,
}

internal readonly record struct StagingColumn(string Name, ColumnType Type);

/// <summary>A column every row has the same value in: bound once for the whole table rather than with each row.</summary>
internal readonly record struct StagingConstant(string Name, ColumnType Type, object? Value);

/// <summary>
/// Rows bound for a temporary staging table. A write loads its whole input into staging tables (one <c>unnest</c> of
/// typed arrays on PostgreSQL, prepared inserts on SQLite) and then moves it into the real tables with a few set-based
/// statements written once for both providers; no write makes a round trip per validator.
/// </summary>
internal sealed class StagingTable(string name, params StagingColumn[] columns)
{
    private readonly List<object?[]> _rows = [];
    private readonly List<StagingConstant> _constants = [];

    public string Name { get; } = name;

    public IReadOnlyList<StagingColumn> Columns { get; } = columns;

    public IReadOnlyList<object?[]> Rows => _rows;

    /// <summary>The columns written with one value for every row, after <see cref="Columns"/>.</summary>
    public IReadOnlyList<StagingConstant> Constants => _constants;

    public StagingTable WithConstant(string column, ColumnType type, object? value)
    {
        _constants.Add(new StagingConstant(column, type, value));
        return this;
    }

    public void Add(params object?[] values)
    {
        if (values.Length != Columns.Count)
        {
            throw new ArgumentException($"Staging table {Name} has {Columns.Count} columns; got {values.Length} values.", nameof(values));
        }

        _rows.Add(values);
    }

    /// <summary>The column list for CREATE TABLE; <paramref name="jsonType"/> is the provider's JSON column type.</summary>
    public string ColumnDefinitions(string jsonType) =>
        string.Join(", ", AllColumns().Select(c => $"{c.Name} {(c.Type == ColumnType.Json ? jsonType : SqlType(c.Type))}"));

    /// <summary>The names of <see cref="Columns"/>, then of <see cref="Constants"/>.</summary>
    public string ColumnNames() => string.Join(", ", AllColumns().Select(c => c.Name));

    private IEnumerable<StagingColumn> AllColumns() => Columns.Concat(_constants.Select(c => new StagingColumn(c.Name, c.Type)));

    private static string SqlType(ColumnType type) => type switch
    {
        ColumnType.Text => "text",
        ColumnType.Int64 => "bigint",
        ColumnType.Int32 => "integer",
        ColumnType.Boolean => "boolean",
        ColumnType.Double => "double precision",
        ColumnType.Binary => "bytea",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Staging tables hold plain columns only."),
    };
}
