using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;
using Domains.GrainInterfaces.Deadlines;
using Domains.GrainInterfaces.Products;
using Domains.GrainInterfaces.Workspaces;
using Domains.Grains.Access;
using Domains.Grains.Authorizations;
using Domains.Grains.Domains;
using Domains.Grains.Drivers;
using Domains.Grains.Drivers.Postgres;
using Domains.Grains.Usage;
using Domains.Grains.Exports;
using Domains.GrainInterfaces.Exports;
using Domains.GrainInterfaces.Domains;
using Domains.GrainInterfaces.Notices;
using Domains.GrainInterfaces.Units;
using Domains.GrainInterfaces.Channels;
using Domains.GrainInterfaces.Webhooks;
using Domains.Grains.Clock;
using Domains.Grains.Deadlines;
using Domains.Grains.Entity;
using Domains.Grains.Journal;
using Domains.Grains.Storage;
using Domains.Grains.Channels;
using Domains.Grains.Webhooks;
using Domains.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Domains.Silo;

/// <summary>Everything a Domains silo is: PostgreSQL clustering, storage and reminders, the clock, the deadline engine.</summary>
public static class DomainsSiloExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql; Orleans loads its factory by this name.</summary>
    public const string Invariant = "Npgsql";

    public static ISiloBuilder AddDomainsSilo(this ISiloBuilder silo, IConfiguration configuration, bool isProduction)
    {
        var connectionString = configuration.GetConnectionString("Domains")
            ?? throw new InvalidOperationException("ConnectionStrings:Domains is not set.");
        var prepared = WithAutoPrepare(connectionString);
        var clockOptions = configuration.GetSection(ClockOptions.Section).Get<ClockOptions>() ?? new ClockOptions();
        if (clockOptions.IsManual && isProduction)
        {
            throw new InvalidOperationException("Clock:Mode=manual is refused in Production: the business clock must be the system clock.");
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = configuration["Orleans:ClusterId"] ?? "domains-local";
            options.ServiceId = configuration["Orleans:ServiceId"] ?? "domains";
        });
        // Failure detection (documented in ops/deploy/README.md): a silo missing 3 probes of 2 s is suspected,
        // two votes declare it dead; the membership table is re-read every 10 s.
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedProbesLimit = 3;
            options.NumVotesForDeathDeclaration = 2;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(10);
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
            configuration.GetSection("Orleans:Membership").Bind(options);
        });
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        // Mutual TLS on the silo and gateway ports (Orleans:Tls); Production refuses to start without it.
        silo.UseDomainsTls(configuration, isProduction);
        // Our own grain storage on Orleans' table: a state and its transition's journal rows in one transaction,
        // group-committed with other grains' (grains/Storage/EntityGrainStorage.cs).
        silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(StorageNames.Main, (sp, _) =>
            ActivatorUtilities.CreateInstance<EntityGrainStorage>(sp));
        StorageFailureTranslation.Decorate(silo.Services, StorageNames.Main);
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        silo.AddGrainService<ClockSyncService>();
        silo.AddGrainService<DomainStatusService>();
        silo.AddIncomingGrainCallFilter<StorageFailureFilter>();
        // A grain call carries the caller's trace (the API's HTTP request) in its request context and
        // continues it here; without a tracer listening, the filters start no span and cost next to nothing.
        silo.AddActivityPropagation();
        silo.AddStartupTask(ArmDeadlineShardsAsync);

        var services = silo.Services;
        services.AddSingleton(_ => NpgsqlDataSource.Create(prepared));
        services.AddSingleton<IEntityJournal, PostgresEntityJournal>();
        services.AddSingleton<ClockStore>();
        services.AddSingleton<ClockSyncClient>();
        services.AddSingleton<DomainStatusReplica>();
        services.AddSingleton<DomainStatusClient>();
        services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section);
        services.AddOptions<DeadlineOptions>().BindConfiguration(DeadlineOptions.Section)
            .Validate(o => o.SweepPeriod > TimeSpan.Zero && o.BatchSize > 0 && o.Parallelism > 0,
                "Deadlines:SweepPeriod, BatchSize and Parallelism must be positive.")
            .ValidateOnStart();
        services.AddSingleton<DeadlineTargets>();
        // The shards' sweep loops run beside their grains, on the silo, and stop with it.
        services.AddSingleton<DeadlineSweeper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<DeadlineSweeper>());
        services.AddDeadlineTarget<IDomainGrain>(EntityTypes.Domain);
        services.AddDeadlineTarget<IAuthorizationGrain>(EntityTypes.Authorization);
        services.AddDeadlineTarget<IWorkspaceGrain>(EntityTypes.Workspace);
        services.AddDeadlineTarget<IProductGrain>(EntityTypes.Product);
        services.AddDeadlineTarget<IExportGrain>(EntityTypes.Export);
        services.AddOptions<AuthorizationOptions>().BindConfiguration(AuthorizationOptions.Section)
            .Validate(o => o.RenewalLeadDays.All(d => d > 0) && o.ReportEveryMonths > 0 && o.ReportNoticeLead > TimeSpan.Zero
                           && o.DefaultCorrectionPeriod > TimeSpan.Zero, "Authorizations: lead times and periods must be positive.")
            .ValidateOnStart();
        services.AddDeadlineTarget<IOperatingUnitGrain>(EntityTypes.Unit);
        services.AddDeadlineTarget<INoticeGrain>(EntityTypes.Notice);
        services.AddDeadlineTarget<IWebhookGrain>(EntityTypes.Webhook);
        services.AddNoticeWebhooks();
        services.AddDeadlineTarget<IChannelGrain>(EntityTypes.Channel);
        services.AddNotificationChannels();

        services.AddOptions<WorkspaceOptions>().BindConfiguration(WorkspaceOptions.Section)
            .Validate(o => o.LogRetentionMonths >= WorkspaceOptions.MinimumLogRetentionMonths,
                $"Workspaces:LogRetentionMonths must be at least {WorkspaceOptions.MinimumLogRetentionMonths}: R11 keeps network logs at least six months after a workspace closes.")
            .Validate(o => o.Driver is "postgres" or "webhook", "Workspaces:Driver must be postgres or webhook.")
            .Validate(o => o.ProvisioningTimeout > TimeSpan.Zero && o.DeletionDeadline > TimeSpan.Zero, "Workspaces: timeouts must be positive.")
            .Validate(o => o.Driver != "postgres" || o.DataServers.Default is not null || o.PostgresConnectionString is not null,
                "Workspaces:DataServers:Default must name the domains' data server (the PostgreSQL driver never provisions on the controller's server).")
            .Validate(o => o.Driver != "postgres" || !SameServer(o.DataServers.Default ?? o.PostgresConnectionString, connectionString)
                           && o.DataServers.Domains.Values.All(cs => !SameServer(cs, connectionString)),
                "Workspaces:DataServers names the controller's own server: a tenant's login must never exist there.")
            .ValidateOnStart();
        services.AddSingleton<AccessLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessLogWriter>());
        // Answers to Idempotency-Keys (idempotency_answers) are kept for a wall-clock retention, then purged.
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section)
            .Validate(o => o.Retention > TimeSpan.Zero && o.PurgeInterval > TimeSpan.Zero, "Idempotency:Retention and PurgeInterval must be positive.")
            .ValidateOnStart();
        services.AddHostedService<IdempotencyAnswerPurge>();
        // The usage log (DATAPLANE.md §4): collected from each data server named in UsageLog:Servers.
        services.AddSingleton<UsageLogStore>();
        services.AddOptions<UsageLogOptions>().BindConfiguration(UsageLogOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PollInterval <= TimeSpan.FromSeconds(5) && o.ChunkBytes > 0,
                "UsageLog:PollInterval must be positive and at most 5 s (records are visible within 10 s), ChunkBytes positive.")
            .ValidateOnStart();
        services.AddSingleton<UsageLogCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageLogCollector>());
        // Reviewed exports (DATAPLANE.md §5): the export store's folder; the copy itself needs the PostgreSQL driver.
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.StorePath), "Exports:StorePath must name the export store's folder.")
            .ValidateOnStart();
        services.AddSingleton<ExportStore>();
        if (configuration[$"{WorkspaceOptions.Section}:Driver"] == "webhook")
        {
            services.AddWebhookWorkspaceDriver();
            services.AddSingleton<IDataServerCatalog, NoDataServerCatalog>();
        }
        else
        {
            services.AddSingleton<DataServers>();
            services.AddSingleton<IDataServerCatalog, PostgresDataServerCatalog>();
            services.AddSingleton<IExportCopier, PostgresExportCopier>();
            services.AddSingleton<IWorkspaceDriver>(sp => new PostgresWorkspaceDriver(
                sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<DataServers>(), sp.GetRequiredService<IGrainFactory>(),
                sp.GetRequiredService<IOptions<WorkspaceOptions>>(), sp.GetRequiredService<BusinessClock>(), sp.GetRequiredService<ILogger<PostgresWorkspaceDriver>>()));
        }

        if (clockOptions.IsManual)
        {
            services.AddSingleton<ManualBusinessClock>();
            services.AddSingleton<BusinessClock>(sp => sp.GetRequiredService<ManualBusinessClock>());
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ManualClockLoader>();
        }
        else
        {
            services.AddSingleton<BusinessClock, SystemBusinessClock>();
        }

        return silo;
    }

    /// <summary>Whether two connection strings reach the same PostgreSQL server (host and port).</summary>
    private static bool SameServer(string? a, string b)
    {
        if (string.IsNullOrWhiteSpace(a)) return false;
        var x = new NpgsqlConnectionStringBuilder(a);
        var y = new NpgsqlConnectionStringBuilder(b);
        return string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase) && x.Port == y.Port;
    }

    /// <summary>
    /// The connections that repeat the same statements all day (state reads and writes, outbox deliveries,
    /// deadline sweeps) prepare them once each, so PostgreSQL stops parsing and planning them per call;
    /// a connection string that sets Max Auto Prepare itself keeps its setting. A connection given back to
    /// the pool is not reset either (Npgsql's reset is seven statements, run before the next use: a third
    /// of the server's work of a state read): nothing on the controller's database sets session state
    /// (no SET, temporary table, advisory lock or LISTEN), and a transaction left open is still rolled back.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>Arms each shard's reminder once; an already armed reminder keeps its schedule.</summary>
    /// <remarks>
    /// Runs beside start-up rather than inside it: a shard grain may live on another silo, and a silo that
    /// dies while this one starts must not fail this one's start (found with two silos on two hosts).
    /// Arming is retried until it succeeds; reminders already armed survive in the reminder table anyway.
    /// </remarks>
    private static Task ArmDeadlineShardsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Domains.Deadlines");
        _ = Task.Run(async () =>
        {
            for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
            {
                try
                {
                    await Task.WhenAll(Enumerable.Range(0, DeadlineShards.Count)
                        .Select(shard => grains.GetGrain<IDeadlineShardGrain>(shard).EnsureArmedAsync()));
                    return;
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Arming the deadline shards failed (attempt {Attempt}); retrying", attempt);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 2 * attempt)), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }
}
