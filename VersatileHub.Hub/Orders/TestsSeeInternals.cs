using System.Runtime.CompilerServices;

// Orders and tickets are internal; their tests drive the domain and handlers directly (identical copies of this attribute are harmless).
[assembly: InternalsVisibleTo("VersatileHub.Tests")]
