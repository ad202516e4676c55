namespace VersatileHub.AppHost.Hosting;

/// <summary>
/// A value the model needs but does not spell out. Its value comes from the AppHost's configuration
/// (<c>Parameters:&lt;name&gt;</c>, as in Aspire), else from the data folder, else from <see cref="DefaultValue"/>;
/// a secret one without any of these (a password) is generated once and kept in the data folder.
/// </summary>
internal sealed class ParameterResource(string name, bool secret, string? defaultValue = null) : Resource(name)
{
    public bool Secret { get; } = secret;

    public string? DefaultValue { get; } = defaultValue;
}
