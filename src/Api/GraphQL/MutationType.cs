using DqPlatform.Api.Checks;
using DqPlatform.Api.Connections;
using DqPlatform.Api.Incidents;
using DqPlatform.Api.Queries;
using DqPlatform.Api.Tenancy;
using DqPlatform.Api.Webhooks;
using GraphQL.Types;

namespace DqPlatform.Api.GraphQL;

/// <summary>The root mutation; each feature adds its own fields.</summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        ConnectionMutations.Register(this);
        ConnectionTesting.Register(this);
        CheckMutations.Register(this);
        CheckRunMutations.Register(this);
        IncidentMutations.Register(this);
        ScheduleMutations.Register(this);
        WebhookMutations.Register(this);
        SavedQueryMutations.Register(this);
        QueryRunMutations.Register(this);
        ApiKeyMutations.Register(this);
        WorkspaceMutations.Register(this);
    }
}
