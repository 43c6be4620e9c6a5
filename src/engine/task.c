/* being written */
typedef int rs_unwritten_task;
