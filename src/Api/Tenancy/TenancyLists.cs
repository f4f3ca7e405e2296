using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Sorting;

namespace DqPlatform.Api.Tenancy;

public static class TenancyLists
{
    public static readonly ListSpec<Workspace> Workspaces = new ListSpec<Workspace>("Workspace", (Workspace w) => w.Id)
        .GlobalId(w => w.Id)
        .Field("name", w => w.Name)
        .Field("createdAt", w => w.CreatedAt)
        .OrderByDefault(SortKey.Asc((Workspace w) => w.Name));

    public static readonly ListSpec<ApiKey> ApiKeys = new ListSpec<ApiKey>("ApiKey", (ApiKey k) => k.Id)
        .GlobalId(k => k.Id)
        .Field("name", k => k.Name)
        .Field("keyPrefix", k => k.KeyPrefix)
        .Field("scopes", k => k.Scopes)
        .Field("lastUsedAt", k => k.LastUsedAt)
        .Field("expiresAt", k => k.ExpiresAt)
        .Field("revokedAt", k => k.RevokedAt)
        .Field("createdAt", k => k.CreatedAt)
        .Reference("createdById", k => k.CreatedById, "User", "ApiKey")
        .OrderByDefault(SortKey.Desc((ApiKey k) => k.CreatedAt));
}
