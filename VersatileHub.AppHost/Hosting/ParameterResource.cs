namespace VersatileHub.AppHost.Hosting;

/// <summary>A value the model needs but does not spell out; secret ones (passwords) are generated once and kept in the data folder.</summary>
internal sealed class ParameterResource(string name, bool secret) : Resource(name)
{
    public bool Secret { get; } = secret;
}
