using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Prometheus;

namespace FanoutSim.ChatServer;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        WebApplication app;
        try
        {
            app = ChatServerApp.Build(args);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        // The console lifetime turns SIGTERM / Ctrl-C into ApplicationStopping, which closes every
        // socket with 1001 before Kestrel stops; a clean stop exits 0.
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}

/// <summary>Builds the server so tests can host it in-process on real Kestrel.</summary>
public static class ChatServerApp
{
    /// <param name="logging">Replaces where logs go (tests send them to the test's own output).</param>
    public static WebApplication Build(string[] args, Action<ILoggingBuilder>? logging = null)
    {
        PrometheusExport.Configure();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);

        // Quiet by default: under load any per-event logging would cost real CPU.
        // Inserted first so appsettings, environment and command line can still override it.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
                // Rare and worth seeing: how much memory a burst left and how much the trim gave back.
                ["Logging:LogLevel:FanoutSim.ChatServer.MemoryTrimmer"] = "Information",
                // Every failed /healthz poll would log an error; the DeliveryMonitor logs each transition once.
                ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
            },
        });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        logging?.Invoke(builder.Logging);

        var options = new ChatOptions();
        builder.Configuration.GetSection(ChatOptions.SectionName).Bind(options);
        options.Validate();
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.Configure<HostOptions>(host =>
            host.ShutdownTimeout = TimeSpan.FromMilliseconds(options.CloseTimeoutMs + 2000));

        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddSingleton<RedisBus>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisBus>());
        if (options.IsPerConnection)
        {
            builder.Services.AddSingleton<IRoomSubscriptions, PerConnectionSubscriptions>();
        }
        else
        {
            builder.Services.AddSingleton<IRoomSubscriptions, PerTaskFanout>();
        }

        builder.Services.AddSingleton<DeliveryMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryMonitor>());
        builder.Services.AddHostedService<MemoryTrimmer>();
        builder.Services.AddHealthChecks().AddCheck<DeliveryHealthCheck>("delivery");
        builder.Services.AddSingleton<ChatEndpoint>();
        // The handshake timeout: a client must finish the upgrade request's headers within it.
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromMilliseconds(options.HandshakeTimeoutMs));
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatJsonContext.Default));

        WebApplication app = builder.Build();
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = TimeSpan.FromMilliseconds(options.KeepAliveIntervalMs),
            // The read timeout: a peer that does not answer a ping in time (not reading, or stalled inside a
            // frame, where no pong can come) is aborted, so it cannot hold a slot.
            KeepAliveTimeout = TimeSpan.FromMilliseconds(options.ReadTimeoutMs),
        });
        ServerMetrics metricsService = app.Services.GetRequiredService<ServerMetrics>();
        metricsService.RoomCount = () => app.Services.GetRequiredService<IRoomSubscriptions>().RoomCount;
        metricsService.MissingSubscriptions = () => app.Services.GetRequiredService<RedisBus>().MissingSubscriptions;
        metricsService.DeliveryHealthy = () => app.Services.GetRequiredService<RedisBus>().IsHealthy;

        string mode = options.IsPerConnection ? ChatOptions.PerConnection : ChatOptions.PerTask;
        app.MapGet(
            "/ws/{room}",
            (HttpContext context, string room, ChatEndpoint endpoint) => endpoint.HandleAsync(context, room));
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = (context, report) =>
            {
                RedisBus bus = context.RequestServices.GetRequiredService<RedisBus>();
                DeliveryMonitor monitor = context.RequestServices.GetRequiredService<DeliveryMonitor>();
                bool healthy = report.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
                string? reason = healthy ? null : report.Entries.Values.FirstOrDefault().Description;
                var body = new HealthReport(
                    healthy ? "ok" : "degraded",
                    bus.IsConnected,
                    mode,
                    options.InstanceId,
                    reason,
                    monitor.LastRoundTripMs);
                return context.Response.WriteAsJsonAsync(body, ChatJsonContext.Default.HealthReport);
            },
        });
        if (options.MetricsToken.Length > 0)
        {
            app.UseWhen(
                context => context.Request.Path.Value is "/metrics" or "/metrics.json",
                branch => branch.Use(MetricsTokenCheck.Create(options.MetricsToken)));
        }

        app.MapGet("/metrics.json", (ServerMetrics metrics, RedisBus bus) =>
            Results.Json(
                metrics.Snapshot(bus.IsConnected, mode, options.InstanceId), ChatJsonContext.Default.MetricsSnapshot));
        // The Prometheus text format, from the System.Diagnostics.Metrics instruments of this server only.
        app.MapMetrics("/metrics");

        return app;
    }
}
