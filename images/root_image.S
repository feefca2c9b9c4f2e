/* Embeds a root task's ELF file (path in ROOT_TASK_ELF) into the kernel image; the kernel finds
   it between root_image_start and root_image_end (kernel.ld). */
    .section .rootimage, "a"
    .balign 16
    .incbin ROOT_TASK_ELF
