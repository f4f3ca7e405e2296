using DqPlatform.Api.Datasets;
using DqPlatform.Api.Auditing;
using DqPlatform.Api.Auth;
using DqPlatform.Api.Checks;
using DqPlatform.Api.Connections;
using DqPlatform.Api.GraphQL.Errors;
using DqPlatform.Api.Incidents;
using DqPlatform.Api.Notifications;
using DqPlatform.Api.People;
using DqPlatform.Api.Queries;
using DqPlatform.Api.Tenancy;
using DqPlatform.Api.Maintenance;
using DqPlatform.Api.Webhooks;
using DqPlatform.GraphQL.DataLoaders;
using DqPlatform.GraphQL.Documents;
using DqPlatform.GraphQL.Errors;
using DqPlatform.GraphQL.Execution;
using DqPlatform.GraphQL.Http;
using DqPlatform.GraphQL.Lists.Paging;
using DqPlatform.GraphQL.Relay;
using DqPlatform.GraphQL.Rendering;
using DqPlatform.GraphQL.Validation;
using DqPlatform.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;

namespace DqPlatform.Api.Schema;

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
        services.AddScoped<BatchLoaders>();
        services.AddSingleton<IClientErrors, ClientErrors>();
        services.AddSingleton<IDependencyOutages, DependencyOutages>();
        services.AddSingleton<Auth.CallerAuthentication>();
        services.AddSingleton<IHttpAuthentication, HttpAuthentication>();
        services.AddGraphQLHttp(configuration.GetSection("Dqp:GraphQL"));
        // Automatically persisted documents are shared through Redis when there is one; otherwise each node keeps its own.
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")))
        {
            services.AddSingleton<IPersistedDocumentStore>(sp => new SharedDocumentStore(new Infrastructure.Caching.RedisDocumentStore(
                sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), sp.GetRequiredService<PersistedDocumentOptions>().PersistedQueryTtl)));
        }
        services.AddSingleton(configuration.GetSection("Dqp:Execution").Get<ExecutionGateOptions>() ?? new ExecutionGateOptions());
        services.AddSingleton<ExecutionGate>();
        services.AddSingleton<IExecutionPartition, TenantExecutionPartition>();
        services.AddSingleton<NodeRegistry>();
        // The platform's models translate SqlLiteral.Int to a literal, so each page size is a statement of its own.
        services.AddSingleton(new PageSizeLiteral(SqlLiteral.IntMethod));

        // Each feature's use cases, lists, loaders and node types.
        services.AddWorkspacesFeature().AddApiKeysFeature().AddConnectionsFeature().AddChecksFeature().AddSchedulingFeature()
            .AddIncidentsFeature().AddWebhooksFeature().AddMaintenanceFeature().AddNotificationsFeature().AddAuditingFeature().AddQueriesFeature()
            .AddDatasetsFeature().AddActorsFeature().AddPeopleFeature();

        services.AddGraphQL(b =>
        {
            b.AddSchema<DqSchema>()
                .AddSystemTextJson(json =>
                {
                    json.Converters.Add(new RenderedRowsJsonConverter());
                    // JSON as clients expect it: "+" and "'" as themselves, not \u002B and \u0027. Answers are JSON,
                    // never HTML (and say so with nosniff), so HTML-sensitive characters need no escaping either.
                    json.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
                })
                .AddGraphTypes(typeof(DqSchema).Assembly)
                .AddGraphTypes(typeof(GlobalId).Assembly)
                .AddErrorInfoProvider<DqErrorInfoProvider>()
                .ConfigureExecution<DocumentCache>()
                .ConfigureExecution<DqPlatform.GraphQL.Telemetry.OperationTelemetry>()
                // One DbContext per request: fields run one after another, and batch loaders still load each
                // level's keys together.
                .AddExecutionStrategy<GatedExecutionStrategy>(OperationType.Query)
                .AddComplexityAnalyzer(c =>
                {
                    c.MaxDepth = limits.MaxDepth;
                    c.MaxComplexity = limits.MaxComplexity;
                    c.DefaultListImpactMultiplier = PageArguments.DefaultSize;
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
