using DqPlatform.Api.Auth;
using GraphQL;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.Schema;

public static class ResolveContextExtensions
{
    /// <summary>The request's tenant-scoped data access (see <see cref="WorkspaceData"/>).</summary>
    public static WorkspaceData Data(this IResolveFieldContext context) => context.Service<WorkspaceData>();

    /// <summary>The request's tenant-scoped data access, for what runs outside a field (node lookups).</summary>
    public static WorkspaceData Data(this IServiceProvider services) => services.GetRequiredService<WorkspaceData>();

    public static T Service<T>(this IResolveFieldContext context) where T : notnull => context.RequestServices!.GetRequiredService<T>();
}
