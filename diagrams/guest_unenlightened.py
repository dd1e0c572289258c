"""The I/O path of a guest without integration components, step by step.

Each access goes from the guest through the hypervisor to user mode in the parent and back,
which, the article says, costs much performance; Hyper-V's synthetic devices are there for
higher performance and lower overhead. Simplified: how the intercept message travels inside
the parent to the VMWP is not drawn; the TLFS says only that it is queued to a virtual
processor of the parent. Sources: [TLFS 6.0b, §6.1 "Overview" of host intercepts and §11.4 "Messages"][tlfs-6.0b];
[Hyper-V architecture (performance tuning)][performance-tuning-hyper-v-architecture];
[Hyper-V terminology][performance-tuning-hyper-v-terminology];
[Hyper-V architecture][hyper-v-architecture]; the article, for the VMWP's place on the path.
"""

from illustrated.style import (component, figure, flow, hardware, hypervisor, kernel_mode, legend,
                               partition, process, row, stack, user_mode)

with figure("The I/O path of a guest without integration components"):
    with partition("Guest\nwithout ICs", id="guest"):
        with user_mode(id="guest-user"):
            apps = component("Applications", "application")
        with kernel_mode(id="guest-kernel"):
            guest_drivers = component("Its own IDE and\nnetwork drivers", "device-driver", id="guest-drivers")
    with partition("Parent partition", icon="windows"):
        with user_mode(id="parent-user"):
            with process("VMWP of this VM", "vmwp", id="vmwp"):
                emulated = component("Emulated devices:\nIDE controller,\nlegacy network adapter",
                                     "emulated-device")
        with kernel_mode(id="parent-kernel"):
            drivers = component("Device drivers", "device-driver")
    duties = hypervisor(intercepts=True)
    devices = hardware()

    stack(
        row(apps, emulated),
        row(guest_drivers, drivers),
        row(duties.intercepts, duties.scheduling, duties.interrupts, duties.translation, duties.hypercalls),
        row(devices.processors, devices.memory, devices.network, devices.storage),
    )
    legend("io_request", "trap", "hardware_access", under=devices)

    # Each step's sentence goes into the caption's numbered list and the figure's step-through.
    flow("io_request", apps, guest_drivers,
         step="An application's request reaches the guest's own driver for a disk or network adapter: "
              "an unmodified guest sees ordinary hardware, an IDE controller or a legacy network adapter, "
              "and uses the typical driver for it.")
    flow("trap", guest_drivers, duties.intercepts,
         step="The driver's accesses to that hardware (I/O ports, for example) are intercepted by the "
              "hypervisor, which suspends the guest's virtual processor.")
    flow("trap", duties.intercepts, emulated, "intercept message",
         step="An intercept message reaches the parent partition, where the virtual machine's worker "
              "process (VMWP), in user mode, emulates the device.")
    flow("io_request", emulated, drivers,
         step="The emulated device passes the request on to the parent's device driver.")
    works = "The driver works the physical device."
    flow("hardware_access", drivers, devices.storage, step=works)
    flow("hardware_access", drivers, devices.network, step=works)
