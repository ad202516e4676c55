Console.WriteLine("VersatileHub.AppHost");
