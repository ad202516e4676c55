namespace VersatileHub.Flow;

/// <summary>Names this service's assembly for hosts such as WebApplicationFactory, where five top-level <c>Program</c> classes would collide.</summary>
public sealed class FlowEntryPoint
{
    private FlowEntryPoint()
    {
    }
}
