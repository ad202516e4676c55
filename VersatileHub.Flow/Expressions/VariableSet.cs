namespace VersatileHub.Flow.Expressions;

/// <summary>A tenant's variables as expressions read them (<c>$vars.Name</c>); the engine's work fills this in.</summary>
public sealed class VariableSet
{
    /// <summary>The Data Protection purpose that encrypts secret variables at rest.</summary>
    public const string SecretPurpose = "VersatileHub.Flow.Variables";
}
