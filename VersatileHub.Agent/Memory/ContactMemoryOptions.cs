using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Agent.Memory;

public sealed class ContactMemoryOptions
{
    public const string Section = "ContactMemory";

    /// <summary>How many facts a contact keeps; remembering one more forgets the oldest.</summary>
    [Range(1, 500)]
    public int MaxFactsPerContact { get; set; } = 50;
}
