System.Console.WriteLine("fuzz");
