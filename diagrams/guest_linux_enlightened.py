"""The I/O path of a Linux guest with integration components, step by step.

1: an application's disk or network request reaches a VSC, such as storvsc or netvsc:
the Linux kernel's drivers for synthetic devices.
2: the VSC sends it over VMBus to the parent partition. 3: VMBus hands it to the matching
VSP. 4: the VSP passes it to the parent's device driver. 5: the driver works the physical
device. Simplified: the data travels through memory that VMBus shares between the two
partitions; the hypervisor only delivers the notifications, which are not drawn.
"""

from style import (above, component, figure, flow, hardware, hypervisor, kernel_mode, legend,
                   partition, row, stack, user_mode)

with figure("The I/O path of a Linux guest with integration components"):
    with partition("Parent partition", icon="windows"):
        with kernel_mode(id="parent-kernel"):
            drivers = component("Device drivers", "device-driver")
            vsp = component("VSPs", "vsp")
            vmbus = component("VMBus", "vmbus")
    with partition("Linux guest\nwith integration components", icon="linux", id="guest"):
        with user_mode(id="guest-user"):
            apps = component("Applications", "application")
        with kernel_mode(id="guest-kernel"):
            vsc = component("VSCs\n(storvsc, netvsc)", "vsc")
    duties = hypervisor()
    devices = hardware()

    stack(
        row(drivers, vsp, vmbus, vsc),
        row(*duties),
        row(*devices),
    )
    above(apps, vsc)
    legend("io_request", "vmbus", "hardware_access", under=devices)

    flow("io_request", apps, vsc, "1")
    flow("vmbus", vsc, vmbus, "2")
    flow("vmbus", vmbus, vsp, "3")
    flow("io_request", vsp, drivers, "4")
    flow("hardware_access", drivers, devices.storage, "5")
    flow("hardware_access", drivers, devices.network, "5")
