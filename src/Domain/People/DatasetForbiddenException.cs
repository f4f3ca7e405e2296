using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.People;

/// <summary>A statement would read a dataset the caller's roles may not read; it was refused before it ran.</summary>
public sealed class DatasetForbiddenException(string message, IReadOnlyList<Guid>? datasetIds = null) : DomainException("DATASET_FORBIDDEN", message)
{
    /// <summary>The refused datasets, for the query audit.</summary>
    public IReadOnlyList<Guid> DatasetIds { get; } = datasetIds ?? [];

    public static DatasetForbiddenException For(IReadOnlyList<Dataset> datasets, bool attributed) => new(attributed
        ? $"The query reads {Names(datasets)}, which your roles may not read; it was not run."
        : $"This source cannot say which tables the statement reads before it runs (or the statement calls a function that may read any table), and the connection has {Names(datasets)}, which your roles may not read; the query was not run.", [.. datasets.Select(d => d.Id)]);

    public static DatasetForbiddenException ToChange(Dataset dataset) =>
        new($"Your roles may not read {Names([dataset])}, so you may not change or remove it.");

    private static string Names(IReadOnlyList<Dataset> datasets) =>
        (datasets.Count == 1 ? "dataset " : "datasets ") + string.Join(", ", datasets.Select(d => $"'{d.Name}' ({d.SchemaName}.{d.TableName})"));
}
