using DqPlatform.Api.Auditing;
using DqPlatform.Api.Auth;
using DqPlatform.Api.Checks;
using DqPlatform.Api.Connections;
using DqPlatform.Api.GraphQL.Batching;
using DqPlatform.Api.GraphQL.Errors;
using DqPlatform.Api.Incidents;
using DqPlatform.Api.Queries;
using DqPlatform.Api.Tenancy;
using DqPlatform.Api.Transport;
using DqPlatform.Api.Webhooks;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.GraphQL;

public static class GraphQLServiceCollectionExtensions
{
    public static IServiceCollection AddDqpGraphQL(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("Dqp:GraphQL").Get<GraphQLLimits>() ?? new GraphQLLimits();
        services.AddSingleton(limits);
        services.AddScoped<RequestCaller>();
        services.AddHttpContextAccessor();
        services.AddSingleton<Infrastructure.Auditing.IAuditActor, HttpAuditActor>();
        services.AddScoped<Domain.Tenancy.ICurrentCaller>(sp => sp.GetRequiredService<RequestCaller>());
        services.AddScoped<IncidentCommands>();
        services.AddScoped<CheckCommands>();
        services.AddScoped<CheckRunCommands>();
        services.AddScoped<ScheduleCommands>();
        services.AddScoped<ConnectionCommands>();
        services.AddScoped<WebhookCommands>();
        services.AddScoped<ApiKeyCommands>();
        services.AddScoped<WorkspaceCommands>();
        services.AddScoped<SavedQueryCommands>();
        services.AddScoped<QueryRunCommands>();
        services.AddScoped<BatchLoaders>();
        services.AddScoped<TenancyLoaders>();
        services.AddScoped<ConnectionLoaders>();
        services.AddScoped<CheckLoaders>();
        services.AddScoped<QueryLoaders>();
        services.AddSingleton<GraphQLHttpEndpoint>();
        services.AddSingleton(configuration.GetSection("Dqp:Execution").Get<ExecutionGateOptions>() ?? new ExecutionGateOptions());
        services.AddSingleton<ExecutionGate>();

        services.AddSingleton(TenancyLists.ApiKeys);
        services.AddSingleton(TenancyLists.Workspaces);
        services.AddSingleton(ConnectionLists.Connections);
        services.AddSingleton(CheckLists.Checks);
        services.AddSingleton(CheckLists.Results);
        services.AddSingleton(CheckLists.Schedules);
        services.AddSingleton(CheckLists.Jobs);
        services.AddSingleton(IncidentLists.Incidents);
        services.AddSingleton(WebhookLists.Webhooks);
        services.AddSingleton(AuditLists.AuditLog);
        services.AddSingleton(QueryLists.SavedQueries);
        services.AddSingleton(QueryLists.QueryResults);
        services.AddSingleton(QueryLists.QueryAudit);

        services.AddGraphQL(b =>
        {
            b.AddSchema<DqSchema>()
                .AddSystemTextJson(json => json.Converters.Add(new Rendering.RenderedRowsJsonConverter()))
                .AddGraphTypes(typeof(DqSchema).Assembly)
                .AddErrorInfoProvider<DqErrorInfoProvider>()
                .ConfigureExecution<DocumentCache>()
                // One DbContext per request: fields run one after another, and batch loaders still load each
                // level's keys together.
                .AddExecutionStrategy<FieldCollectingExecutionStrategy>(OperationType.Query)
                .AddComplexityAnalyzer(c =>
                {
                    c.MaxDepth = limits.MaxDepth;
                    c.MaxComplexity = limits.MaxComplexity;
                    c.DefaultListImpactMultiplier = Paging.PageArguments.DefaultSize;
                });
            b.AddValidationRule<IntrospectionLimits>();
            if (!limits.Introspection)
            {
                b.AddValidationRule<global::GraphQL.Validation.Rules.Custom.NoIntrospectionValidationRule>();
            }
        });
        return services;
    }
}

/// <summary><c>Dqp:GraphQL</c>: query depth and cost limits, and whether introspection is on.</summary>
public sealed class GraphQLLimits
{
    public int MaxDepth { get; set; } = 15;
    public int MaxComplexity { get; set; } = 50_000;
    public bool Introspection { get; set; } = true;
}
