from effortplanner.cli import main

raise SystemExit(main())
