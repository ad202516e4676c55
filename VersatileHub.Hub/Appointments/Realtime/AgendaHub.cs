using Microsoft.AspNetCore.SignalR;
using VersatileHub.Hub.Appointments.Events;
using VersatileHub.Hub.Tenancy;

namespace VersatileHub.Hub.Appointments.Realtime;

/// <summary>The live agenda: each client joins its tenant's group and is told of every appointment change there.</summary>
internal sealed class AgendaHub : Hub<IAgendaClient>
{
    public const string Path = "/hubs/agenda";

    public override async Task OnConnectedAsync()
    {
        if (!int.TryParse(Context.User?.FindFirst(HubClaims.Tenant)?.Value, out var tenantId))
        {
            Context.Abort();
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(tenantId), Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public static string GroupOf(int tenantId) => $"tenant:{tenantId}";
}

/// <summary>What the agenda's clients are sent (public: SignalR implements it at run time in another assembly).</summary>
public interface IAgendaClient
{
    /// <summary><paramref name="type"/> is the event's type, e.g. <c>appointment.cancelled</c>.</summary>
    Task AppointmentChanged(string type, AppointmentView appointment);
}

internal static class AgendaHubEndpoints
{
    /// <summary>Maps the live agenda's hub at <see cref="AgendaHub.Path"/>, for any member of the tenant.</summary>
    public static IEndpointRouteBuilder MapAgendaHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<AgendaHub>(AgendaHub.Path).RequireAuthorization(HubPolicies.Read);
        return app;
    }
}
