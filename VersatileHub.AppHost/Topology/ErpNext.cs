using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Profiles;

namespace VersatileHub.AppHost.Topology;

/// <summary>
/// The ERP module: ERPNext v15 as Frappe's containers — MariaDB (utf8mb4), Redis for cache and queue, the backend,
/// the front end (nginx, the only public part, at <c>erp.&lt;domain&gt;</c>), websocket, short and long queue workers,
/// the scheduler, and a one-shot job that configures the bench and creates the site on first deploy.
/// </summary>
internal static class ErpNext
{
    public const string Image = "docker.io/frappe/erpnext";
    public const string ImageTag = "v15.78.0";
    private const string SitesPath = "/home/frappe/frappe-bench/sites";
    private const string LogsPath = "/home/frappe/frappe-bench/logs";

    // Configures the bench (idempotent), then creates the site only when it does not exist yet, so a redeploy keeps its data.
    private const string CreateSiteScript =
        "wait-for-it -t 120 \"$ERP_DB_HOST:$ERP_DB_PORT\" && " +
        "wait-for-it -t 120 erp-redis-queue:6379 && " +
        "ls -1 apps > sites/apps.txt && " +
        "bench set-config -g db_host \"$ERP_DB_HOST\" && " +
        "bench set-config -gp db_port \"$ERP_DB_PORT\" && " +
        "bench set-config -g redis_cache redis://erp-redis-cache:6379 && " +
        "bench set-config -g redis_queue redis://erp-redis-queue:6379 && " +
        "bench set-config -g redis_socketio redis://erp-redis-queue:6379 && " +
        "bench set-config -gp socketio_port 9000 && " +
        "if [ ! -d \"sites/$SITE_NAME\" ]; then " +
        "bench new-site \"$SITE_NAME\" --mariadb-user-host-login-scope=% --db-root-password \"$ERP_DB_PASSWORD\" " +
        "--admin-password \"$ADMIN_PASSWORD\" --install-app erpnext --set-default; fi";

    /// <summary>Adds the ERP module; returns its front end, the address the Hub's ERPNext connector uses (<c>services__erp__http__0</c>).</summary>
    public static IResourceBuilder<ContainerResource> AddErpNext(this DistributedApplicationBuilder builder, ClientProfile profile, SuiteNetworks networks)
    {
        var erpNetwork = networks.Group(Modules.Erp);
        var siteName = $"erp.{profile.Domain}";
        var adminPassword = builder.AddParameter("erp-admin-password", secret: true);

        var database = builder.AddMySql("erp-db").WithNetwork(erpNetwork).WithLimits(1, 1024)
            .WithStorageSize(profile.SizeOf("mariadb", "10Gi"));
        var cache = builder.AddContainer("erp-redis-cache", "docker.io/library/redis", "6.2-alpine")
            .WithEndpoint(16380, 6379).WithNetwork(erpNetwork).WithLimits(0.25, 256).WithHealthCheckCommand("redis-cli", "ping");
        var queue = builder.AddContainer("erp-redis-queue", "docker.io/library/redis", "6.2-alpine")
            .WithEndpoint(16381, 6379).WithNetwork(erpNetwork).WithLimits(0.25, 256).WithHealthCheckCommand("redis-cli", "ping")
            .WithVolume("erp-redis-queue-data", "/data");

        IResourceBuilder<ContainerResource> Frappe(string name) =>
            builder.AddContainer(name, Image, ImageTag)
                .WithNetwork(erpNetwork)
                .WithVolume("erp-sites", SitesPath)
                .WithVolume("erp-logs", LogsPath)
                .WithLimits(1, 1024);

        var createSite = Frappe("erp-create-site")
            .AsRunOnce()
            .WithEntrypoint("bash").WithArgs("-c", CreateSiteScript)
            .WithReference(database)
            .WithEnvironment("SITE_NAME", siteName)
            .WithEnvironment("ADMIN_PASSWORD", adminPassword)
            .WaitFor(database).WaitFor(cache).WaitFor(queue);

        var backend = Frappe("erp-backend")
            .WithHttpEndpoint(18000, 8000)
            .WithHttpHealthCheck("/api/method/ping")
            .WaitForCompletion(createSite);
        var websocket = Frappe("erp-websocket")
            .WithEndpoint(19000, 9000, "http", "http")
            .WithArgs("node", "/home/frappe/frappe-bench/apps/frappe/socketio.js")
            .WaitForCompletion(createSite);
        Frappe("erp-queue-short").WithArgs("bench", "worker", "--queue", "short,default").WaitForCompletion(createSite);
        Frappe("erp-queue-long").WithArgs("bench", "worker", "--queue", "long,default,short").WaitForCompletion(createSite);
        Frappe("erp-scheduler").WithArgs("bench", "schedule").WaitForCompletion(createSite);

        return Frappe("erp")
            .WithNetwork(networks.Web, networks.Shared)
            .WithHttpEndpoint(18080, 8080)
            .WithArgs("nginx-entrypoint.sh")
            .WithEnvironment("BACKEND", "erp-backend:8000")
            .WithEnvironment("SOCKETIO", "erp-websocket:9000")
            .WithEnvironment("FRAPPE_SITE_NAME_HEADER", siteName)
            .WithEnvironment("UPSTREAM_REAL_IP_ADDRESS", "0.0.0.0/0")
            .WithEnvironment("UPSTREAM_REAL_IP_HEADER", "X-Forwarded-For")
            .WithEnvironment("CLIENT_MAX_BODY_SIZE", "50m")
            .WithHttpHealthCheck("/api/method/ping")
            .WaitFor(backend).WaitFor(websocket)
            .WithExternalHttpEndpoints().WithPublicRoute("erp");
    }
}
