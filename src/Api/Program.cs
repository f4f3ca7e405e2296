using DqPlatform.Api.Hosting;
using DqPlatform.Api.Ide;
using DqPlatform.Api.Jobs;
using DqPlatform.Api.Live;
using DqPlatform.Api.Schema;
using DqPlatform.Infrastructure.Jobs;
using DqPlatform.Infrastructure.Messaging;
using DqPlatform.Infrastructure.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddJsonFile("appsettings.Local.json", optional: true, reloadOnChange: false);

builder.Services
    .AddDqpPersistence(builder.Configuration)
    .AddDqpRedis(builder.Configuration)
    .AddDqpJobs(builder.Configuration)
    .AddDqpHealthChecks(builder.Configuration)
    .AddDqpStartupTasks(builder.Configuration)
    .AddDqpGraphQL(builder.Configuration)
    .AddDqpLive(builder.Configuration)
    .AddDqpRateLimiting(builder.Configuration)
    .AddDqpOperators();

var app = builder.Build();

app.RegisterPlatformListeners();
app.MapDqpHealthEndpoints();
app.MapDqpGraphQL();
app.MapBananaCakePop();
app.MapDqpHangfireDashboard();
DqPlatform.Api.Queries.QueryExportEndpoint.Map(app);
DqPlatform.Api.Queries.TaskQueryEndpoint.Map(app);

await app.RunStartupTasksAsync();
await app.RunAsync();

/// <summary>Entry point, public so integration tests can host the real application.</summary>
public partial class Program;
