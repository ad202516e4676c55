using VersatileHub.AppHost;
using VersatileHub.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);
Suite.Define(builder);
builder.Build().Run();

namespace VersatileHub.AppHost
{
    /// <summary>The whole suite as code; the tests build this same model.</summary>
    internal static class Suite
    {
        public static void Define(DistributedApplicationBuilder builder)
        {
            var postgres = builder.AddPostgres("postgres");
            var hubdb = postgres.AddDatabase("hubdb");
            var chatdb = postgres.AddDatabase("chatdb");
            var agentdb = postgres.AddDatabase("agentdb");
            var flowdb = postgres.AddDatabase("flowdb");
            var redis = builder.AddRedis("redis");

            // The Hub's first owner; the password is generated once per data folder unless Parameters__admin-password is set.
            var adminEmail = builder.AddParameter("admin-email", defaultValue: "owner@versatilehub.local");
            var adminPassword = builder.AddParameter("admin-password", secret: true);

            var hub = builder.AddProject("hub", "../VersatileHub.Hub/VersatileHub.Hub.csproj")
                .WithReference(hubdb).WithReference(redis)
                .WithEnvironment("Parameters__admin-email", adminEmail)
                .WithEnvironment("Parameters__admin-password", adminPassword)
                .WaitFor(hubdb).WaitFor(redis)
                .WithExternalHttpEndpoints();

            var chat = builder.AddProject("chat", "../VersatileHub.Chat/VersatileHub.Chat.csproj")
                .WithServiceToken(hub)
                .WithReference(chatdb).WithReference(redis).WithReference(hub)
                .WaitFor(chatdb).WaitFor(redis).WaitFor(hub)
                .WithExternalHttpEndpoints();
            hub.WithReference(chat);   // the Hub's sign-in sends people back to Chat's web app

            var agent = builder.AddProject("agent", "../VersatileHub.Agent/VersatileHub.Agent.csproj")
                .WithServiceToken(hub)
                .WithReference(agentdb).WithReference(redis).WithReference(hub).WithReference(chat)
                .WaitFor(agentdb).WaitFor(redis).WaitFor(hub).WaitFor(chat)
                .WithExternalHttpEndpoints();
            chat.WithReference(agent); // the contact panel shows what the agent remembers; the inbox, whether the bot is on

            // Only WhatsApp's webhooks are public; they are routed to it by the ingress, not by an external endpoint of its own.
            builder.AddProject("whatsapp", "../VersatileHub.WhatsApp/VersatileHub.WhatsApp.csproj")
                .WithServiceToken(hub)
                .WithReference(redis).WithReference(chat)
                .WaitFor(redis).WaitFor(chat);

            // Flow is internal only.
            builder.AddProject("flow", "../VersatileHub.Flow/VersatileHub.Flow.csproj")
                .WithServiceToken(hub)
                .WithReference(flowdb).WithReference(redis).WithReference(hub).WithReference(chat).WithReference(agent)
                .WaitFor(flowdb).WaitFor(redis).WaitFor(hub).WaitFor(chat).WaitFor(agent);
        }
    }
}
