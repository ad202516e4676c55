using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Appointments.Domain;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ResourceKind>))]
internal enum ResourceKind
{
    Staff,
    Room,
}

/// <summary>Someone or something an appointment takes up: a member of staff or a room.</summary>
internal sealed class BookableResource : ITenantOwned
{
    private BookableResource()
    {
    }

    public BookableResource(string name, ResourceKind kind)
    {
        Rename(name);
        Kind = kind;
        Active = true;
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public string Name { get; private set; } = "";

    public ResourceKind Kind { get; private set; }

    /// <summary>An inactive resource keeps its bookings but is offered for no new ones.</summary>
    public bool Active { get; private set; }

    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new AgendaRuleException("name", new UserText("El recurso necesita un nombre de hasta 200 caracteres.", "A resource needs a name of at most 200 characters."));
        }
        Name = name.Trim();
    }

    public void Change(string name, ResourceKind kind, bool active)
    {
        Rename(name);
        Kind = kind;
        Active = active;
    }
}
