Console.WriteLine("VersatileHub.Bench");
