using DqPlatform.Domain.People;
using DqPlatform.Domain.Queries;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>
/// Everything a run needs, checked by <see cref="QueryRuns"/> before anything is stored. A batch run's request
/// travels to its worker encrypted inside the Hangfire job, because the SQL text is kept nowhere else.
/// </summary>
public sealed record QueryRunRequest(
    Guid OrganizationId,
    Guid WorkspaceId,
    Guid? UserId,
    Guid ConnectionId,
    string Sql,
    IReadOnlyList<QueryParameter> Parameters,
    IReadOnlyDictionary<string, string?> Values,
    string Mode,
    string Format,
    Guid? SavedQueryId = null,
    Guid? TaskId = null,
    int? MaxRows = null,
    int? TimeoutSeconds = null)
{
    /// <summary>
    /// The submitter's dataset access, captured when the run is asked for (a batch run carries it to its worker inside
    /// the sealed request). Null reads as <see cref="DatasetReader.None"/>: no restricted dataset.
    /// </summary>
    public DatasetReader? Reader { get; init; }

    /// <summary>
    /// The user who asked for the run (signed in, or with a personal key); null for a service-account key. A batch
    /// run's worker re-reads their access when the run starts, and reads no more than <see cref="Reader"/> allowed.
    /// </summary>
    public Guid? SubmitterUserId { get; init; }
}

/// <summary>A column of an interactive answer: its name and the source's type name.</summary>
public sealed record ResultColumn(string Name, string SourceType);

/// <summary>What an interactive run answers: the stored run, and when it succeeded its columns and rows.</summary>
public sealed record InteractiveAnswer(QueryResult Result, IReadOnlyList<ResultColumn> Columns, IReadOnlyList<object?[]> Rows, bool Truncated);
