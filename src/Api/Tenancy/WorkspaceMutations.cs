using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tenancy;

/// <summary>Organization administration (scope <c>org:admin</c>).</summary>
public static class WorkspaceMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<WorkspaceGraphType>>("createWorkspace")
            .Description("Creates a workspace in the caller's organization.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c =>
            {
                var caller = c.Service<RequestCaller>().Require(ApiKeyScopes.OrganizationAdmin);
                var db = c.Data().Db;
                var workspace = new Workspace
                {
                    OrganizationId = caller.OrganizationId,
                    Name = new Dictionary<string, object?> { ["name"] = c.GetArgument<string>("name") }.RequiredName(),
                };
                db.Workspaces.Add(workspace);
                await MutationSupport.SaveAsync(db, c.CancellationToken);
                return workspace;
            });

        mutation.Field<NonNullGraphType<IntGraphType>>("reencryptConnectionConfigs")
            .Description("Re-seals every connection config and webhook secret of the organization with the active encryption key; returns how many changed.")
            .ResolveAsync(async c =>
            {
                var caller = c.Service<RequestCaller>().Require(ApiKeyScopes.OrganizationAdmin);
                var protector = c.Service<ConnectionConfigProtector>();
                var db = c.Data().Db;
                var connections = await db.Connections.Where(x => x.Workspace!.OrganizationId == caller.OrganizationId).ToListAsync(c.CancellationToken);
                var changed = 0;
                foreach (var connection in connections.Where(x => ConnectionConfigProtector.KeyIdOf(x.ConfigEncrypted) != protector.ActiveKeyId))
                {
                    connection.ConfigEncrypted = protector.Protect(protector.Unprotect(connection.ConfigEncrypted));
                    changed++;
                }

                var webhooks = await db.Webhooks.Where(x => x.Workspace!.OrganizationId == caller.OrganizationId && x.Secret != null).ToListAsync(c.CancellationToken);
                foreach (var webhook in webhooks.Where(x => protector.NeedsReencryption(x.Secret!)))
                {
                    webhook.Secret = protector.ProtectText(protector.RevealText(webhook.Secret!));
                    changed++;
                }

                await MutationSupport.SaveAsync(db, c.CancellationToken);
                return changed;
            });
    }
}
