using Microsoft.Extensions.Options;

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
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);

        // Quiet by default: under load any per-event logging would cost real CPU.
        // Inserted first so appsettings, environment and command line can still override it.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            },
        });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        var options = new ChatOptions();
        builder.Configuration.GetSection(ChatOptions.SectionName).Bind(options);
        options.Validate();
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromMilliseconds(options.CloseTimeoutMs + 2000));

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

        builder.Services.AddSingleton<ChatEndpoint>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatJsonContext.Default));

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });

        var mode = options.IsPerConnection ? ChatOptions.PerConnection : ChatOptions.PerTask;
        app.MapGet("/ws/{room}", (HttpContext context, string room, ChatEndpoint endpoint) => endpoint.HandleAsync(context, room));
        app.MapGet("/healthz", (RedisBus bus) =>
        {
            var connected = bus.IsConnected;
            return Results.Json(
                new HealthReport(connected ? "ok" : "degraded", connected, mode, options.InstanceId),
                ChatJsonContext.Default.HealthReport);
        });
        app.MapGet("/metrics", (ServerMetrics metrics, RedisBus bus) =>
            Results.Json(metrics.Snapshot(bus.IsConnected, mode, options.InstanceId), ChatJsonContext.Default.MetricsSnapshot));

        return app;
    }
}
