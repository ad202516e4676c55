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
            profile ??= ClientProfile.Local;
            var networks = SuiteNetworks.Add(builder, profile);
            var postgres = profile.ModuleList.Any(m => ClientProfile.DatabaseOwners.Values.Contains(m) && !profile.Databases.ContainsKey(DatabaseOf(m)))
                ? builder.AddPostgres("postgres").WithLimits(1, 1024).WithStorageSize(profile.SizeOf("postgres", "10Gi"))
                : null;
            var redis = builder.AddRedis("redis").WithNetwork(networks.Shared).WithLimits(0.5, 256)
                .WithStorageSize(profile.SizeOf("redis", "1Gi"));
            // A service's own database: a database on the suite's server, or the profile's existing one (a connection string).
            IResourceBuilder<IResourceWithWaitSupport> Database(string name, IResourceBuilder<NetworkResource> network) =>
                profile.Databases.TryGetValue(name, out var existing) ? builder.AddConnectionString(name, existing)
                : postgres!.WithNetwork(network).AddDatabase(name);

            // The Hub's first owner; the password is generated once per data folder unless Parameters__admin-password is set.
            var adminEmail = builder.AddParameter("admin-email", defaultValue: $"owner@{profile.Domain}");
            var adminPassword = builder.AddParameter("admin-password", secret: true);

            var hub = builder.AddSuiteProject("hub", profile, networks.Web, networks.Shared, networks.Group("hub"))
                .WithDatabase(Database("hubdb", networks.Group("hub"))).WithReference(redis)
                .WithEnvironment("Parameters__admin-email", adminEmail)
                .WithEnvironment("Parameters__admin-password", adminPassword)
                .WaitFor(redis)
                .WithExternalHttpEndpoints().WithPublicRoute("hub");

            if (profile.Has(Modules.Chat))
            {
                var chat = builder.AddSuiteProject("chat", profile, networks.Web, networks.Shared, networks.Group("chat"))
                    .WithServiceToken(hub)
                    .WithDatabase(Database("chatdb", networks.Group("chat"))).WithReference(redis).WithReference(hub)
                    .WaitFor(redis).WaitFor(hub)
                    .WithExternalHttpEndpoints().WithPublicRoute("chat");
                hub.WithReference(chat)   // the Hub's sign-in sends people back to Chat's web app, also at its public address
                    .WithEnvironment("Identity__ReturnOrigins__0", $"https://chat.{profile.Domain}");

                if (profile.Has(Modules.Agent))
                {
                    var modelApiKey = builder.AddParameter("model-api-key", secret: true);
                    builder.AddSuiteProject("agent", profile, networks.Web, networks.Shared, networks.Group("chat"))
                        .WithServiceToken(hub)
                        .WithDatabase(Database("agentdb", networks.Group("chat"))).WithReference(redis).WithReference(hub).WithReference(chat)
                        .WithEnvironment("Agent__Model__Endpoint", profile.Model?.Endpoint ?? "http://127.0.0.1:11434/v1")
                        .WithEnvironment("Agent__Model__Name", profile.Model?.Name ?? "local")
                        .WithEnvironment("Parameters__model-api-key", modelApiKey)
                        .WaitFor(redis).WaitFor(hub).WaitFor(chat)
                        .WithExternalHttpEndpoints().WithPublicRoute("agent");
                }

                // Only WhatsApp's webhooks are public, routed by path on Chat's host; WhatsApp has no host of its own.
                if (profile.Has(Modules.WhatsApp))
                {
                    builder.AddSuiteProject("whatsapp", profile, networks.Web, networks.Shared)
                        .WithServiceToken(hub)
                        .WithReference(redis).WithReference(chat)
                        .WaitFor(redis).WaitFor(chat)
                        .WithPublicRoute("chat", "/webhooks/whatsapp");
                }
            }

            // Flow is internal only: never on `web`, never behind the edge.
            if (profile.Has(Modules.Flow))
            {
                var flow = builder.AddSuiteProject("flow", profile, networks.Shared, networks.Group("flow"))
                    .WithServiceToken(hub)
                    .WithDatabase(Database("flowdb", networks.Group("flow"))).WithReference(redis).WithReference(hub)
                    .WaitFor(redis).WaitFor(hub);
                foreach (var service in builder.Resources.OfType<ProjectResource>().Where(p => p.Name is "chat" or "agent"))
                {
                    flow.WithAnnotation(new ResourceReferenceAnnotation(service)).WithAnnotation(new WaitAnnotation(service));
                }
            }

            if (profile.Has(Modules.Erp))
            {
                var erp = builder.AddErpNext(profile, networks);
                // The Hub's ERPNext connector reaches the site through the ERP front end; Frappe's times are the site's.
                hub.WithReference(erp).WithEnvironment("Connectors__Erpnext__SiteTimeZone", profile.TimeZone);
            }

            foreach (var project in builder.Resources.OfType<ProjectResource>())
            {
                new ResourceBuilder<ProjectResource>(builder, project)
                    .WithEnvironment("TZ", profile.TimeZone)
                    .WithEnvironment("Suite__Locale", profile.Locale);
            }
        }

        private static string DatabaseOf(string module) => ClientProfile.DatabaseOwners.Single(d => d.Value == module).Key;
    }
}
