using VersatileHub.AppHost;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Profiles;

namespace VersatileHub.Tests.AppHost;

public sealed class AppModelTests
{
    private static readonly EnvironmentContext Context = new(
        new Dictionary<string, string>
        {
            ["postgres-password"] = "pg-secret",
            ["redis-password"] = "redis-secret",
            ["erp-db-password"] = "maria-secret",
            ["erp-admin-password"] = "erp-admin",
            ["admin-email"] = "owner@example.com",
            ["admin-password"] = "owner-secret",
            ["model-api-key"] = "model-key",
            ["service-token-chat"] = "chat-token",
            ["service-token-agent"] = "agent-token",
            ["service-token-whatsapp"] = "whatsapp-token",
            ["service-token-flow"] = "flow-token",
        },
        EnvironmentName: "Development",
        OtlpEndpoint: null);

    [Fact]
    public async Task A_reference_to_a_database_also_gives_its_parts_as_NAME_HOST_PORT_and_URI()
    {
        await using var app = SuiteModel.Build(1000);

        var chat = app.Model.GetResource<ProjectResource>("chat").GetEnvironment(Context);

        Assert.Equal("127.0.0.1", chat["CHATDB_HOST"]);
        Assert.Equal("16432", chat["CHATDB_PORT"]);
        Assert.Equal("postgres", chat["CHATDB_USERNAME"]);
        Assert.Equal("chatdb", chat["CHATDB_DATABASENAME"]);
        Assert.Equal("postgresql://postgres:pg-secret@127.0.0.1:16432/chatdb", chat["CHATDB_URI"]);
        Assert.Equal("redis://:redis-secret@127.0.0.1:17379", chat["REDIS_URI"]);
        Assert.Equal("http://127.0.0.1:6101", chat["HUB_HTTP"]);
    }

    [Fact]
    public async Task The_ERP_database_is_MariaDB_with_utf8mb4_and_its_site_job_gets_it_in_Aspire_form()
    {
        await using var app = SuiteModel.Build(1000);

        var database = app.Model.GetResource<MySqlServerResource>("erp-db");
        var job = app.Model.GetResource<ContainerResource>("erp-create-site");
        var environment = job.GetEnvironment(Context);

        Assert.StartsWith("docker.io/library/mariadb", $"{MySqlServerResource.Image}:{MySqlServerResource.ImageTag}", StringComparison.Ordinal);
        Assert.Contains("--character-set-server=utf8mb4", database.GetArgs(Context));
        Assert.Contains("--collation-server=utf8mb4_unicode_ci", database.GetArgs(Context));
        Assert.Equal("Server=127.0.0.1;Port=14306;User ID=root;Password=maria-secret", environment["ConnectionStrings__erp-db"]);
        Assert.Equal("127.0.0.1", environment["ERP_DB_HOST"]);
        Assert.Equal("maria-secret", environment["ERP_DB_PASSWORD"]);
        Assert.True(job.RunsOnce());
    }

    [Fact]
    public async Task Every_ERPNext_service_waits_for_the_site_to_be_created()
    {
        await using var app = SuiteModel.Build(1000);

        var waiting = app.Model.Resources.OfType<ContainerResource>()
            .Where(c => c.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource.Name == "erp-create-site" && w.Behavior == WaitBehavior.Completed))
            .Select(c => c.Name);

        Assert.Equal(["erp-backend", "erp-websocket", "erp-queue-short", "erp-queue-long", "erp-scheduler"], waiting);
    }

    [Fact]
    public void Networks_keep_databases_off_web_and_flow_off_web()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        Suite.Define(builder);

        var onWeb = builder.Resources.Where(r => r.GetNetworks().Any(n => n.Name == "web")).Select(r => r.Name);

        Assert.Equal(["hub", "chat", "agent", "whatsapp", "erp"], onWeb);
        Assert.False(builder.Resources.OfType<NetworkResource>().Single(n => n.Name == "web").IsInternal);
        Assert.All(builder.Resources.OfType<NetworkResource>().Where(n => n.Name.EndsWith("-net", StringComparison.Ordinal)), n => Assert.True(n.IsInternal));
    }

    [Fact]
    public void A_profile_builds_only_its_modules()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        Suite.Define(builder, SampleProfiles.Load("automation"));

        Assert.Equal(["hub", "flow"], builder.Resources.OfType<ProjectResource>().Select(p => p.Name));
        Assert.Equal(["aspire-dashboard"], builder.Resources.OfType<ContainerResource>().Select(c => c.Name));
        Assert.Equal(["flowdb", "hubdb"], builder.Resources.OfType<PostgresDatabaseResource>().Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_existing_database_in_the_profile_replaces_the_suites_database_with_a_connection_string()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        Suite.Define(builder, SampleProfiles.Load("crm-chat"));

        var hubdb = Assert.Single(builder.Resources.OfType<ConnectionStringResource>());
        Assert.Equal("hubdb", hubdb.Name);
        Assert.True(hubdb.ConnectionStringParameter.Secret);
        Assert.DoesNotContain(builder.Resources.OfType<PostgresDatabaseResource>(), d => d.Name == "hubdb");
        Assert.Equal(2, builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "chat").GetReplicas());
    }
}
