using DqPlatform.Api.Hosting;
using DqPlatform.Api.Ide;
using DqPlatform.Api.Jobs;
using DqPlatform.Api.Live;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Demo;
using DqPlatform.Infrastructure.Identity;
using DqPlatform.Api.Schema;
using DqPlatform.Infrastructure.Jobs;
using DqPlatform.Infrastructure.Messaging;
using DqPlatform.Infrastructure.Notifications;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Queries;
using DqPlatform.Infrastructure.Security;
using DqPlatform.Infrastructure.Telemetry;
using DqPlatform.Infrastructure.Tenancy.Quotas;
using DqPlatform.Infrastructure.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddJsonFile("appsettings.Local.json", optional: true, reloadOnChange: false);

builder.Services
    .AddDqpClock()
    .AddDqpPersistence(builder.Configuration)
    .AddDqpQuotas(builder.Configuration)
    .AddDqpSecurity(builder.Configuration)
    .AddDqpIdentity(builder.Configuration)
    .AddDqpEventBus(builder.Configuration)
    .AddDqpJobs(builder.Configuration)
    .AddDqpSources()
    .AddDqpCheckEngine(builder.Configuration)
    .AddDqpQueryService(builder.Configuration)
    .AddDqpWebhooks(builder.Configuration)
    .AddDqpNotifications(builder.Configuration)
    .AddDqpDemo()
    .AddDqpHealthChecks(builder.Configuration)
    .AddDqpStartupTasks(builder.Configuration)
    .AddDqpGraphQL(builder.Configuration)
    .AddDqpLive(builder.Configuration)
    .AddDqpRateLimiting(builder.Configuration)
    .AddDqpCors(builder.Configuration)
    .AddDqpResponseCompression()
    .AddDqpOperators()
    .AddDqpTelemetry(builder.Configuration, DqPlatform.GraphQL.Telemetry.GraphQLInstruments.Name);

var app = builder.Build();

app.RegisterPlatformListeners();
app.MapDqpHealthEndpoints();
app.MapDqpMetrics();
app.MapDqpGraphQL();
app.MapBananaCakePop();
app.MapDqpHangfireDashboard();
DqPlatform.Api.Queries.QueryExportEndpoint.Map(app);
DqPlatform.Api.Queries.TaskQueryEndpoint.Map(app);

await app.RunStartupTasksAsync();
await app.RunAsync();

/// <summary>Entry point, public so integration tests can host the real application.</summary>
public partial class Program;
