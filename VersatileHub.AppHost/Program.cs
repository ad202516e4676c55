using VersatileHub.AppHost;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Profiles;
using VersatileHub.AppHost.Publishing;
using VersatileHub.AppHost.Topology;

if (args is ["publish", .. var publishArgs])
{
    return await PublishCommand.RunAsync(publishArgs, Console.Out, Console.Error);
}

var builder = DistributedApplication.CreateBuilder(args);
Suite.Define(builder);
builder.Build().Run();
return Environment.ExitCode;

namespace VersatileHub.AppHost
{
    /// <summary>The whole suite as code; `run`, `publish` and the tests build this same model, for one client's profile.</summary>
    internal static class Suite
    {
        public static void Define(DistributedApplicationBuilder builder, ClientProfile? profile = null)
        {
            var isLocalRun = profile is null;
            profile ??= ClientProfile.Local;
            var networks = SuiteNetworks.Add(builder, profile);
            var postgres = profile.NeedsPostgresServer
                ? builder.AddPostgres("postgres").WithLimits(1, 1024).WithStorageSize(profile.SizeOf("postgres", "10Gi"))
                : null;
            var redis = builder.AddRedis("redis").WithNetwork(networks.Shared).WithLimits(0.5, 256).WithStorageSize(profile.SizeOf("redis", "1Gi"));

            // A service's own database: on the suite's server, or the profile's existing one (a connection string).
            IResourceBuilder<IResourceWithWaitSupport> Database(string name, string group) =>
                profile.Databases.TryGetValue(name, out var existing) ? builder.AddConnectionString(name, existing)
                : postgres!.WithNetwork(networks.Group(group)).AddDatabase(name);

            // The Hub's first owner; the password is generated once per data folder unless Parameters__admin-password is set.
            var adminEmail = builder.AddParameter("admin-email", defaultValue: $"owner@{profile.Domain}");
            var adminPassword = builder.AddParameter("admin-password", secret: true);

            var hub = builder.AddSuiteProject(Modules.Hub, profile, networks.Web, networks.Shared, networks.Group("hub"))
                .WithDatabase(Database("hubdb", "hub")).WithReference(redis).WaitFor(redis)
                .WithEnvironment("Parameters__admin-email", adminEmail)
                .WithEnvironment("Parameters__admin-password", adminPassword)
                .WithExternalHttpEndpoints().WithPublicRoute("hub");

            var chat = !profile.Has(Modules.Chat) ? null : builder.AddSuiteProject(Modules.Chat, profile, networks.Web, networks.Shared, networks.Group("chat"))
                .WithServiceToken(hub)
                .WithDatabase(Database("chatdb", "chat")).WithReference(redis).WaitFor(redis).WithService(hub)
                // Attachments outlive the container and are shared by its replicas. The volume is mounted on the app user's
                // home, which the .NET images own, so that a new volume is writable by that user (a new path would be root's).
                .WithDataVolume("chat-data", "/home/app", "attachments", "Attachments__LocalPath")
                .WithExternalHttpEndpoints().WithPublicRoute("chat");
            if (chat is not null)
            {
                hub.WithReference(chat)   // the Hub's sign-in sends people back to Chat's web app, also at its public address
                    .WithEnvironment("Identity__ReturnOrigins__0", $"https://chat.{profile.Domain}");
            }

            var agent = !profile.Has(Modules.Agent) ? null : builder.AddSuiteProject(Modules.Agent, profile, networks.Web, networks.Shared, networks.Group("chat"))
                .WithServiceToken(hub)
                .WithDatabase(Database("agentdb", "chat")).WithReference(redis).WaitFor(redis).WithService(hub).WithService(chat)
                .WithExternalHttpEndpoints().WithPublicRoute("agent");
            if (agent is not null && profile.Model is { } model)
            {
                // The client's model answers for tenants without a profile of their own; a local run offers a local Ollama instead.
                agent.WithEnvironment("Agent__Model__Endpoint", model.Endpoint).WithEnvironment("Agent__Model__Name", model.Name)
                    .WithEnvironment("Parameters__model-api-key", builder.AddParameter("model-api-key", secret: true));
            }
            if (agent is not null)
            {
                // The contact panel shows what the bot remembers and the inbox says when the bot is off; Chat starts without it.
                chat?.WithReference(agent);
                hub.WithReference(agent)   // the Hub's sign-in sends people back to the Agent's console, also at its public address
                    .WithEnvironment("Identity__ReturnOrigins__1", $"https://agent.{profile.Domain}");
            }

            // Only WhatsApp's webhooks are public, routed by path on Chat's host; WhatsApp has no host of its own.
            if (profile.Has(Modules.WhatsApp))
            {
                builder.AddSuiteProject(Modules.WhatsApp, profile, networks.Web, networks.Shared)
                    .WithServiceToken(hub)
                    .WithReference(redis).WaitFor(redis).WithService(chat)
                    .WithPublicRoute("chat", "/webhooks");
            }

            // Flow is internal only: never on `web`, never behind the edge.
            if (profile.Has(Modules.Flow))
            {
                var flow = builder.AddSuiteProject(Modules.Flow, profile, networks.Shared, networks.Group("flow"))
                    .WithServiceToken(hub)
                    .WithDatabase(Database("flowdb", "flow")).WithReference(redis).WaitFor(redis).WithService(hub).WithService(chat).WithService(agent);
                hub.WithReference(flow);   // the Hub's sign-in sends people back to Flow's web app, at its internal address only
            }

            if (profile.Has(Modules.Erp))
            {
                // The Hub's ERPNext connector reaches the site through the ERP front end; Frappe's times are the site's.
                hub.WithReference(builder.AddErpNext(profile, networks)).WithEnvironment("Connectors__Erpnext__SiteTimeZone", profile.TimeZone);
            }

            // A deployment sends telemetry to the Aspire Dashboard; a local run has its own dashboard and OTLP receiver,
            // and relays to the Aspire Dashboard too where a container engine answers.
            if (!isLocalRun)
            {
                builder.AddTelemetryDashboard(networks);
            }
            else if (TelemetryDashboard.ContainerEngineAnswers())
            {
                builder.AddLocalTelemetryDashboard();
            }
        }
    }
}
