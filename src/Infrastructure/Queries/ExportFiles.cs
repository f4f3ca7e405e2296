using DqPlatform.Domain.Queries;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Queries;

/// <summary>
/// Where exports live: <c>{root}/results/{org_id}/{query_id}/result.{format}</c> (seed 001's layout), and the only
/// way back from a stored <c>output_location</c> to a file — which must lie under the root.
/// </summary>
public sealed class ExportFiles(IOptions<QueryOptions> options)
{
    public string FolderOf(Guid organizationId, Guid queryResultId) =>
        Path.Combine(options.Value.ResultsRoot, "results", organizationId.ToString("D"), queryResultId.ToString("D"));

    public static string Location(string folder) => new Uri(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar).AbsoluteUri;

    /// <summary>The export file of a finished run, or null when it has none (or its location is not ours).</summary>
    public string? FileOf(QueryResult result)
    {
        if (result.OutputLocation is not { } location || result.OutputFormat is not { } format
            || !Uri.TryCreate(location, UriKind.Absolute, out var uri) || !uri.IsFile)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(uri.LocalPath, QueryOutputFormat.FileName(format)));
        var root = Path.TrimEndingDirectorySeparator(options.Value.ResultsRoot) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal) ? path : null;
    }
}
