using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Realtime;

namespace Microsoft.Extensions.Hosting;

internal static class AgendaExtensions
{
    /// <summary>Appointments and the live agenda: the appointment book, its set-up and the SignalR hub behind the agenda page.</summary>
    public static IHostApplicationBuilder AddAgenda(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<AgendaChannel>();
        builder.Services.AddSingleton<AgendaRelay>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AgendaRelay>());
        builder.Services.AddSingleton<AgendaBroadcaster>();
        builder.Services.AddScoped<AgendaSetup>();
        builder.Services.AddScoped<AgendaBook>();
        return builder;
    }
}
