namespace VersatileHub.Hub.Appointments.Domain;

/// <summary>A request that breaks an agenda rule; <see cref="Field"/> names the input at fault (a 400 for the caller).</summary>
internal sealed class AgendaRuleException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
