namespace VersatileHub.Tests;
