using DqPlatform.Domain.Queries;
using DqPlatform.GraphQL.Enums;

namespace DqPlatform.Api.Queries;

// The fixed value sets of the query service, as enums over the texts seed 001 stores.

/// <summary>Where a query run is (<c>query_results.status</c>); a cancelled run is FAILED with error code CANCELLED.</summary>
public sealed class QueryStatusGraphType() : TextEnumGraphType("QueryStatus", "Where a query run is; a cancelled run is FAILED with errorCode CANCELLED.",
    QueryStatus.Queued, QueryStatus.Running, QueryStatus.Succeeded, QueryStatus.Failed);

/// <summary>How a query runs (<c>query_results.mode</c>).</summary>
public sealed class QueryRunModeGraphType() : TextEnumGraphType("QueryRunMode", "INTERACTIVE answers rows now; BATCH queues an export.",
    QueryMode.Interactive, QueryMode.Batch);

/// <summary>The file a batch run exports (<c>query_results.output_format</c>).</summary>
public sealed class QueryOutputFormatGraphType() : TextEnumGraphType("QueryOutputFormat", "The file format of a batch run's export.",
    [.. QueryOutputFormat.All]);

/// <summary>Who sees a saved query (<c>saved_queries.visibility</c>).</summary>
public sealed class QueryVisibilityGraphType() : TextEnumGraphType("QueryVisibility", "PRIVATE: its owner only; SHARED: the whole workspace.",
    QueryVisibility.Private, QueryVisibility.Shared);
