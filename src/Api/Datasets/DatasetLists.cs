using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Sorting;

namespace DqPlatform.Api.Datasets;

public static class DatasetLists
{
    public static readonly ListSpec<Dataset> Datasets = new ListSpec<Dataset>("Dataset", (Dataset d) => d.Id)
        .GlobalId(d => d.Id)
        .Field("name", d => d.Name)
        .Field("schema", d => d.SchemaName)
        .Field("table", d => d.TableName)
        .Field("readRoles", d => d.ReadRoles)
        .Reference("connectionId", d => d.ConnectionId, "Connection")
        .Field("createdAt", d => d.CreatedAt)
        .Field("updatedAt", d => d.UpdatedAt)
        .OrderByDefault(SortKey.Asc((Dataset d) => d.Name));
}
