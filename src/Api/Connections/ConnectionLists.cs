using DqPlatform.Domain.Connections;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Sorting;

namespace DqPlatform.Api.Connections;

public static class ConnectionLists
{
    public static readonly ListSpec<Connection> Connections = new ListSpec<Connection>("Connection", (Connection c) => c.Id)
        .GlobalId(c => c.Id)
        .Field("name", c => c.Name)
        .Field("type", c => c.Type)
        .Field("status", c => c.Status)
        .Field("lastTestedAt", c => c.LastTestedAt)
        .Field("createdAt", c => c.CreatedAt)
        .Field("updatedAt", c => c.UpdatedAt)
        .OrderByDefault(SortKey.Asc((Connection c) => c.Name));
}
